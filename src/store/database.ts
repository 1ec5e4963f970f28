import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.ts';
import { withStatementCache } from './statementCache.ts';
import * as initial from './migrations/001_initial.ts';
import type { Database } from './schema.ts';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { kind: 'sqlite'; file: string }
  /** `schema`: a PostgreSQL schema of its own (created if missing), e.g. one per test. */
  | { kind: 'postgres'; url: string; schema?: string };

// node-postgres returns int8 as strings by default; our bigint columns are ms timestamps and ids,
// all far inside the safe-integer range.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * Opens the database and brings its schema up to date.
 *
 * SQLite runs in WAL mode with synchronous=FULL: a commit is on disk before we act on it, so a
 * process crash or a power loss loses no acknowledged write (WAL+NORMAL would risk the last commits
 * on power loss).
 */
export async function openDatabase(location: DatabaseLocation): Promise<OpenedDatabase> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  if (location.kind === 'sqlite') {
    const sqlite = new BetterSqlite3(location.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    dialect = 'sqlite';
  } else {
    if (location.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(location.schema)) {
      throw new Error(`invalid schema name ${location.schema}`);
    }
    const pool = new pg.Pool({
      connectionString: location.url,
      max: 10,
      ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
    });
    if (location.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${location.schema}`);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  }
  await migrate(db, dialect);
  return { db, dialect, close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const bind = (m: { up(db: Kysely<unknown>, d: Dialect): Promise<void> }): Migration => ({
    up: (k) => m.up(k, dialect),
  });
  const provider: MigrationProvider = {
    getMigrations: async () => ({ '001_initial': bind(initial) }),
  };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
}
