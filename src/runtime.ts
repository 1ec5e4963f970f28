import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { ActionDefinition } from './api/action.ts';
import { buildApp } from './api/app.ts';
import { createApiMetrics } from './api/metrics.ts';
import type { ApiServices } from './api/services.ts';
import { type ClusterNode, createClusterNode } from './clusterNode.ts';
import type { Config } from './config.ts';
import { DialerEngine } from './dialer/dialerEngine.ts';
import type { Clock } from './domain/clock.ts';
import { seededRandom } from './domain/random.ts';
import { ChangeCache } from './store/changeCache.ts';
import { type OpenedDatabase, openDatabase } from './store/database.ts';
import { databaseLocation } from './store/databaseLocation.ts';
import { KyselyDialerStore } from './store/dialer/kyselyDialerStore.ts';
import { findStaffSipHa1 } from './store/directory/staffStore.ts';
import { engineClock } from './store/engineClock.ts';
import { type ProvisionedKey, provisionApplications } from './store/provision.ts';
import { provisionOperators } from './store/provisionOperators.ts';
import { KyselyNonceLedger } from './store/sip/kyselyNonceLedger.ts';
import { KyselyRegistrationStore } from './store/sip/kyselyRegistrationStore.ts';
import { loadRegistrarNonceSecret } from './store/sip/registrarNonceSecret.ts';
import { createSimTelephony } from './telephony/sim/simTelephony.ts';
import { openSipTelephonyFromConfig } from './telephony/sip/sipTelephonyFromConfig.ts';
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
  /** On PostgreSQL (unless singleNode): this node's part in the cluster. */
  readonly cluster: ClusterNode | undefined;
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
  /**
   * Alone on its database whatever the backend: no leases, no cluster (tests driving the engine on
   * a virtual clock, which lease rounds on real time cannot follow). On SQLite a node is always so.
   */
  readonly singleNode?: boolean;
  /** The API's actions; default all of them (the API benchmark swaps handlers to time the gateway alone). */
  readonly actions?: readonly ActionDefinition[];
}

/** Everything `serve` runs, assembled; neither listening nor dialing until asked. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const plainPasswords = config.operators.filter((o) => o.password !== undefined).map((o) => o.name);
  if (plainPasswords.length > 0) {
    logger.warn(
      { operators: plainPasswords },
      'the config holds plain-text operator passwords; replace them with passwordHash (ccc-dialer admin operator hash)',
    );
  }
  const database = await openDatabase(databaseLocation(config));
  try {
    // Nodes starting together on one database take turns here (a no-op on SQLite).
    const [clock, keys] = await database.exclusively(async () => {
      const clock = options.clock ?? (await engineClock(database.db, config.clockSpeed, options.realNow));
      const keys = await provisionApplications(database, config, clock.now());
      const operators = await provisionOperators(database.db, config.operators, clock.now());
      if (operators.added.length + operators.changed.length + operators.removed.length > 0) {
        // Removed or changed operators are signed out everywhere: say so where it happens.
        logger.info(operators, 'console operators provisioned from the config');
      }
      return [clock, keys] as const;
    });
    const telephony = options.telephony ?? (await createTelephony(config, clock, logger, database));
    const store = new KyselyDialerStore(database.db, database.dialect);
    let engine: DialerEngine | undefined;
    const cluster =
      database.dialect === 'postgres' && !options.singleNode
        ? createClusterNode({ database, config, dialerStore: store, clock, logger, engine: () => engine! })
        : undefined;
    engine = new DialerEngine({
      store,
      ...(cluster ? { nodeId: cluster.nodeId, ownership: cluster.keeper } : {}),
      telephony,
      clock,
      logger: logger.child({ component: 'dialer' }),
      connectDeadlineSeconds: config.connectDeadlineSeconds,
      ringTimeoutSeconds: config.ringTimeoutSeconds,
      ...(options.strategy ? { strategy: options.strategy } : {}),
    });
    const services: ApiServices = {
      db: database.db,
      dialect: database.dialect,
      clock,
      config,
      engine: cluster?.control ?? engine,
      directory: new ChangeCache(() => database.changeToken()),
      // A listing is at most ~25 kB (100 campaigns): a few MB at most when full.
      answers: new ChangeCache(() => database.changeToken(), 256),
    };
    const metrics = createApiMetrics();
    // Engine ms are real ms times the clock's speed; the metric is in real seconds.
    engine.events.on('engine:tick', ({ lateMs }) =>
      metrics.tickLateness.observe(lateMs / config.clockSpeed / 1000),
    );
    const decided = engine;
    new Gauge({
      name: 'ccc_engine_pacing_decisions_total',
      help: 'Pacing decisions the engine took since it started (one per campaign asked, per pool paced).',
      registers: [metrics.registry],
      collect() {
        this.set(decided.pacingDecisions);
      },
    });
    const app = buildApp({
      services,
      logger,
      metrics,
      events: engine.events,
      ...(options.actions ? { actions: options.actions } : {}),
      ...(cluster ? { limiter: cluster.limiter } : {}),
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
      cluster,
      async start() {
        if (cluster) {
          const address = app.server.address();
          await cluster.join(typeof address === 'object' && address ? `${config.host}:${address.port}` : '');
        }
        await engine.start();
        cluster?.start();
        started = true;
      },
      async close() {
        if (started) {
          await engine.stop();
          await cluster?.stop();
        }
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

async function createTelephony(
  config: Config,
  clock: Clock,
  logger: Logger,
  database: OpenedDatabase,
): Promise<Telephony> {
  if (config.telephony === 'sip') {
    // Phones register with the password set in the config, through the API or with the admin command:
    // each keeps the password's digest HA1 (domain/agentCredentials.ts). Their bindings go to the
    // database, so that any node of a cluster can put a call through to any registered phone.
    return openSipTelephonyFromConfig(config, logger.child({ component: 'sip' }), {
      ha1For: (mail) => findStaffSipHa1(database.db, mail),
      registrations: new KyselyRegistrationStore(database.db),
      nonceSecret: await loadRegistrarNonceSecret(database.db),
      nonceLedger: new KyselyNonceLedger(database.db),
    });
  }
  return createSimTelephony({
    clock,
    random: seededRandom(config.sim.seed),
    model: { ...config.sim, ringTimeoutSeconds: config.sim.ringTimeoutSeconds },
  });
}
