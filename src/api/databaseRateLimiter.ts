import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { RateLimiter } from './rateLimiter.ts';

/**
 * The rate limit over the whole cluster (PostgreSQL): every node counts in the `rate_hits` table,
 * through the `ccc_rate_allow` function (migration 002), in one round trip per request. The window
 * slides on the database's clock, not the node's (`nowMs` is ignored), so that nodes whose clocks
 * disagree by more than the window still share one.
 */
export function databaseRateLimiter(db: Kysely<Database>, limit: number, windowMs = 1000): RateLimiter {
  return {
    async allow(key) {
      const { rows } = await sql<{
        ok: boolean;
      }>`select ccc_rate_allow(${key}, ${windowMs}, ${limit}) as ok`.execute(db);
      return rows[0]?.ok === true;
    },
  };
}
