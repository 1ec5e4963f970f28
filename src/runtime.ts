import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './api/app.ts';
import type { ApiServices } from './api/services.ts';
import type { Config } from './config.ts';
import { systemClock } from './dialer/clock/systemClock.ts';
import { detachedEngine } from './dialer/engineControl.ts';
import type { Clock } from './domain/clock.ts';
import { type OpenedDatabase, openDatabase } from './store/database.ts';
import { databaseLocation } from './store/databaseLocation.ts';
import { type ProvisionedKey, provisionApplications } from './store/provision.ts';

export interface Runtime {
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly database: OpenedDatabase;
  readonly clock: Clock;
  readonly keys: readonly ProvisionedKey[];
  readonly logger: Logger;
  /** Stops the engine, the HTTP server and the database, in that order. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Real time for signatures and rate limits (tests fix it). */
  readonly realNow?: () => number;
}

/** Everything `serve` runs, assembled but not yet listening. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database = await openDatabase(databaseLocation(config));
  const clock = options.clock ?? systemClock();
  const keys = await provisionApplications(database, config, clock.now());
  const services: ApiServices = {
    db: database.db,
    dialect: database.dialect,
    clock,
    config,
    engine: detachedEngine,
  };
  const app = buildApp({ services, logger, ...(options.realNow ? { realNow: options.realNow } : {}) });
  return {
    config,
    app,
    database,
    clock,
    keys,
    logger,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

