import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The database's clock in unix ms, as an SQL expression: leases and heartbeats are compared and
 * set on it, so that nodes whose clocks disagree still agree on who holds what. PostgreSQL's
 * clock_timestamp() is the time of the call, not of the transaction's start (now()), so a lease
 * checked late in a transaction is checked against the time it is checked.
 */
export function dbNowMs(dialect: Dialect): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000.0 as integer)`;
}
