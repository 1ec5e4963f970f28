import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.ts';
import * as initial from './migrations/001_initial.ts';
import * as cluster from './migrations/002_cluster.ts';
import * as campaignListOrder from './migrations/003_campaign_list_order.ts';
import * as liveCampaignCount from './migrations/004_live_campaign_count.ts';
import * as calleeAttributesIndex from './migrations/005_callee_attributes_index.ts';
import * as bigintIds from './migrations/006_bigint_ids.ts';
import * as staffSipHa1 from './migrations/007_staff_sip_ha1.ts';
import * as staffHeldByNode from './migrations/008_staff_held_by_node.ts';
import * as operators from './migrations/009_operators.ts';
import * as sipRegistrations from './migrations/010_sip_registrations.ts';
import * as consoleSignouts from './migrations/011_console_signouts.ts';
import * as accessKeyOrigin from './migrations/012_access_key_origin.ts';
import * as applicationSeeded from './migrations/013_application_seeded.ts';
import * as sipNonceUses from './migrations/014_sip_nonce_uses.ts';
import * as dropCalleesNumberIndex from './migrations/015_drop_callees_number_index.ts';
import * as campaignsByStatus from './migrations/016_campaigns_by_status.ts';
import * as sessionLookups from './migrations/017_session_lookups.ts';
import * as sessionsByNumber from './migrations/018_sessions_by_number.ts';
import type { Database } from './schema.ts';
import { GroupCommitDialect } from './sqlite/groupCommitDialect.ts';
import { openSqlite } from './sqlite/openSqlite.ts';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * Runs `work` while no other process runs start-up work on this database (PostgreSQL: a session
   * advisory lock named after the schema), so that nodes starting together neither migrate nor
   * provision over each other. SQLite has one process: it just runs it.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A token that changes whenever anything is committed to the database, by this process or
   * another; undefined when the database cannot tell (PostgreSQL), and then nothing may be cached.
   */
  changeToken(): string | undefined;
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
  if (location.kind === 'sqlite') {
    const sqlite = openSqlite(location.file);
    const db = new Kysely<Database>({ dialect: new GroupCommitDialect(sqlite) });
    await migrate(db, 'sqlite');
    return {
      db,
      dialect: 'sqlite',
      exclusively: (work) => work(),
      changeToken: () => sqlite.changeToken(),
      close: () => db.destroy(),
    };
  }
  if (location.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(location.schema)) {
    throw new Error(`invalid schema name ${location.schema}`);
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 10,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const lockName = `ccc-dialer:${location.schema ?? ''}`;
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
      }
    } finally {
      client.release();
    }
  };
  try {
    await exclusively(async () => {
      if (location.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${location.schema}`);
      await migrate(db, 'postgres');
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'postgres', exclusively, changeToken: () => undefined, close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  // Kysely looks for its migration tables in every schema it can see unless told which one: with
  // another schema on the database already migrated, it would skip creating its own.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
      : undefined;
  const bind = (m: { up(db: Kysely<unknown>, d: Dialect): Promise<void> }): Migration => ({
    up: (k) => m.up(k, dialect),
  });
  const provider: MigrationProvider = {
    getMigrations: async () => ({
      '001_initial': bind(initial),
      '002_cluster': bind(cluster),
      '003_campaign_list_order': bind(campaignListOrder),
      '004_live_campaign_count': bind(liveCampaignCount),
      '005_callee_attributes_index': bind(calleeAttributesIndex),
      '006_bigint_ids': bind(bigintIds),
      '007_staff_sip_ha1': bind(staffSipHa1),
      '008_staff_held_by_node': bind(staffHeldByNode),
      '009_operators': bind(operators),
      '010_sip_registrations': bind(sipRegistrations),
      '011_console_signouts': bind(consoleSignouts),
      '012_access_key_origin': bind(accessKeyOrigin),
      '013_application_seeded': bind(applicationSeeded),
      '014_sip_nonce_uses': bind(sipNonceUses),
      '015_drop_callees_number_index': bind(dropCalleesNumberIndex),
      '016_campaigns_by_status': bind(campaignsByStatus),
      '017_session_lookups': bind(sessionLookups),
      '018_sessions_by_number': bind(sessionsByNumber),
    }),
  };
  const { error } = await new Migrator({
    db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest();
  if (error) throw error;
}
