/**
 * The cluster-wide rate limit (PostgreSQL): three nodes, each with a connection pool of its own,
 * counting one account's action in one sliding window on the database's clock.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseRateLimiter } from '../../src/api/databaseRateLimiter.ts';
import { type OpenedDatabase, openDatabase } from '../../src/store/database.ts';
import type { Database } from '../../src/store/schema.ts';
import { dropSchema, postgresLocation, testPostgresUrl } from '../support/testDatabase.ts';

describe.runIf(testPostgresUrl())('the rate limit over a cluster', () => {
  let location: { url: string; schema: string };
  let database: OpenedDatabase;
  const nodes: Kysely<Database>[] = [];
  beforeAll(async () => {
    location = postgresLocation('rate');
    database = await openDatabase({ kind: 'postgres', ...location });
    for (let i = 0; i < 3; i++) {
      const pool = new pg.Pool({
        connectionString: location.url,
        max: 10,
        options: `-c search_path=${location.schema}`,
      });
      nodes.push(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.destroy();
    await database.close();
    await dropSchema(location.url, location.schema);
  });

  it('lets exactly 20 of 60 simultaneous requests through, whichever node they reach', async () => {
    const limiters = nodes.map((db) => databaseRateLimiter(db, 20));
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => limiters[i % 3]!.allow('acme:CreatePredictiveDialingCampaign', 0)),
    );
    expect(answers.filter(Boolean)).toHaveLength(20);
    // Another action, or another account, has a window of its own.
    expect(await limiters[0]!.allow('acme:DescribeNumbers', 0)).toBe(true);
    expect(await limiters[1]!.allow('other:CreatePredictiveDialingCampaign', 0)).toBe(true);
  });

  it('slides: a request counts for 1000 ms, no longer', async () => {
    const limiter = databaseRateLimiter(nodes[0]!, 3);
    const key = 'acme:PausePredictiveDialingCampaign';
    for (let i = 0; i < 3; i++) expect(await limiter.allow(key, 0)).toBe(true);
    expect(await limiter.allow(key, 0)).toBe(false);
    const now = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
    // Made 900 ms old: still inside the window.
    await sql`update rate_hits set at = ${now} - 900 where key = ${key}`.execute(database.db);
    expect(await limiter.allow(key, 0)).toBe(false);
    // Made 1000 ms old: out of it.
    await sql`update rate_hits set at = ${now} - 1000 where key = ${key}`.execute(database.db);
    expect(await limiter.allow(key, 0)).toBe(true);
    // The refused ones did not count.
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from rate_hits where key = ${key}`.execute(database.db);
    expect(rows[0]!.n).toBe(1);
  });
});
