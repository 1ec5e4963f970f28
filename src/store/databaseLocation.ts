import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseLocation } from './database.ts';

/** Where the configured database lives: PostgreSQL when a URL is set, else `ccc.db` in the data dir. */
export function databaseLocation(config: Config): DatabaseLocation {
  if (config.databaseUrl) {
    return {
      kind: 'postgres',
      url: config.databaseUrl,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return { kind: 'sqlite', file: path.join(config.dataDir, 'ccc.db') };
}
