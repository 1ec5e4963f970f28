import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './api/app.ts';
import type { ApiServices } from './api/services.ts';
import type { Config } from './config.ts';
import { engineClock } from './dialer/clock/engineClock.ts';
import { DialerEngine } from './dialer/dialerEngine.ts';
import type { Clock } from './domain/clock.ts';
import { seededRandom } from './domain/random.ts';
import { type OpenedDatabase, openDatabase } from './store/database.ts';
import { databaseLocation } from './store/databaseLocation.ts';
import { KyselyDialerStore } from './store/dialer/kyselyDialerStore.ts';
import { type ProvisionedKey, provisionApplications } from './store/provision.ts';
import { createSimTelephony } from './telephony/sim/simTelephony.ts';
import type { Telephony } from './telephony/telephony.ts';

export interface Runtime {
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly database: OpenedDatabase;
  readonly clock: Clock;
  readonly engine: DialerEngine;
  readonly telephony: Telephony;
  readonly keys: readonly ProvisionedKey[];
  readonly logger: Logger;
  /** Starts dialing (campaigns move by the clock from then on). */
  start(): Promise<void>;
  /** Stops the engine, the HTTP server, the telephony and the database, in that order. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  /** The engine's clock; default: real time, or the scaled clock of CCC_CLOCK_SPEED. */
  readonly clock?: Clock;
  /** Real time for signatures and rate limits (tests fix it). */
  readonly realNow?: () => number;
  readonly telephony?: Telephony;
  /** Engine options a test may tune (e.g. a pacing strategy). */
  readonly strategy?: string;
}

/** Everything `serve` runs, assembled; neither listening nor dialing until asked. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database = await openDatabase(databaseLocation(config));
  try {
    const clock = options.clock ?? (await engineClock(database.db, config.clockSpeed, options.realNow));
    const keys = await provisionApplications(database, config, clock.now());
    const telephony = options.telephony ?? createTelephony(config, clock);
    const engine = new DialerEngine({
      store: new KyselyDialerStore(database.db, database.dialect),
      telephony,
      clock,
      logger: logger.child({ component: 'dialer' }),
      connectDeadlineSeconds: config.connectDeadlineSeconds,
      ringTimeoutSeconds: config.ringTimeoutSeconds,
      ...(options.strategy ? { strategy: options.strategy } : {}),
    });
    const services: ApiServices = { db: database.db, dialect: database.dialect, clock, config, engine };
    const app = buildApp({
      services,
      logger,
      events: engine.events,
      ...(options.realNow ? { realNow: options.realNow } : {}),
    });
    let started = false;
    return {
      config,
      app,
      database,
      clock,
      engine,
      telephony,
      keys,
      logger,
      async start() {
        await engine.start();
        started = true;
      },
      async close() {
        if (started) await engine.stop();
        await app.close();
        await telephony.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function createTelephony(config: Config, clock: Clock): Telephony {
  if (config.telephony === 'sip') {
    throw new Error('CCC_TELEPHONY=sip: the SIP adapter is not wired into serve yet');
  }
  return createSimTelephony({
    clock,
    random: seededRandom(config.sim.seed),
    model: { ...config.sim, ringTimeoutSeconds: config.sim.ringTimeoutSeconds },
  });
}
