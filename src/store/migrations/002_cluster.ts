import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * What several nodes on one PostgreSQL share beyond the campaign `leases` of 001: the nodes
 * themselves (a heartbeat each, so that the others can tell a dead one and close what it left),
 * HangUpCall requests forwarded to the node that holds the call, and the rate limit's sliding
 * window. Created on SQLite too, where nothing uses them, so both backends keep one schema.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('cluster_nodes')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    // A new process with the same node id takes the row over; the old one notices and stops.
    .addColumn('incarnation', 'text', (c) => c.notNull())
    // `alive`, or `reaping` while another node closes what this dead one left.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reaper', 'text')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hangup_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('owner_node', 'text', (c) => c.notNull())
    .addColumn('requested_at', ms, (c) => c.notNull())
    .addColumn('answered_at', ms)
    // 1: the owner held the call and hung it up; 0: it had no such call.
    .addColumn('held', 'integer')
    .execute();
  await db.schema
    .createIndex('hangup_requests_owner')
    .on('hangup_requests')
    .columns(['owner_node', 'answered_at'])
    .execute();

  await db.schema
    .createTable('rate_hits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_hits_key_at').on('rate_hits').columns(['key', 'at']).execute();

  // Recovery of a dead node frees the agents whose latest call was that node's.
  await db.schema
    .createIndex('sessions_seat')
    .on('sessions')
    .columns(['sdk_app_id', 'seat_mail', 'seat_join_ts'])
    .execute();
  await db.schema.createIndex('leases_owner').on('leases').columns(['owner_node']).execute();

  if (dialect === 'postgres') {
    // One round trip per request: the per-key advisory lock serialises the nodes counting one
    // account's action, so that at most `lim` requests pass in any `window_ms` cluster-wide. Time is
    // the database's, so nodes whose clocks disagree still share one window.
    await sql`
      CREATE FUNCTION ccc_rate_allow(k text, window_ms bigint, lim integer) RETURNS boolean
      LANGUAGE plpgsql AS $$
      DECLARE
        now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
        n integer;
      BEGIN
        IF random() < 0.01 THEN
          -- Keys that went quiet keep their last hits: sweep the whole window now and then.
          DELETE FROM rate_hits WHERE at <= now_ms - window_ms;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(k, 0));
        DELETE FROM rate_hits WHERE key = k AND at <= now_ms - window_ms;
        SELECT count(*) INTO n FROM rate_hits WHERE key = k;
        IF n >= lim THEN
          RETURN false;
        END IF;
        INSERT INTO rate_hits (key, at) VALUES (k, now_ms);
        RETURN true;
      END
      $$`.execute(db);
  }
}
