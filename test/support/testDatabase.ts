/**
 * Which database a test runs on, each with a fresh schema of its own (pg-boss's test hooks).
 *
 * - Store suites run on every backend: SQLite always, PostgreSQL when vitest.config.ts found it
 *   reachable (it sets CCC_TEST_POSTGRES_URL; CCC_REQUIRE_POSTGRES=1 makes it a failure not to).
 * - API suites run on one backend, chosen by CCC_TEST_DATABASE (`sqlite` by default, `postgres` in
 *   the `postgres` vitest project and in `npm run test:pg`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseLocation, type OpenedDatabase, openDatabase } from '../../src/store/database.ts';

export type Backend = 'sqlite' | 'postgres';

/** The PostgreSQL the tests may use; undefined when none is reachable. */
export function testPostgresUrl(): string | undefined {
  return process.env.CCC_TEST_POSTGRES_URL || undefined;
}

/** Backends a store suite runs on. */
export function storeBackends(): Backend[] {
  return testPostgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** The backend of API tests (CCC_TEST_DATABASE). */
export function apiBackend(): Backend {
  const chosen = process.env.CCC_TEST_DATABASE ?? 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'postgres') throw new Error(`CCC_TEST_DATABASE=${chosen}?`);
  if (chosen === 'postgres' && !testPostgresUrl()) {
    throw new Error('CCC_TEST_DATABASE=postgres but no PostgreSQL is reachable (CCC_TEST_POSTGRES_URL)');
  }
  return chosen;
}

/** A schema name no other test uses. */
export function freshSchemaName(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** PostgreSQL location with a fresh schema (created by openDatabase). */
export function postgresLocation(prefix = 't'): { url: string; schema: string } {
  const url = testPostgresUrl();
  if (!url) throw new Error('no PostgreSQL for tests (CCC_TEST_POSTGRES_URL)');
  return { url, schema: freshSchemaName(prefix) };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A migrated, empty database on `backend`; closing it drops the PostgreSQL schema. */
export async function openTestDatabase(backend: Backend, prefix = 't'): Promise<OpenedDatabase> {
  if (backend === 'sqlite') return openDatabase({ kind: 'sqlite', file: ':memory:' });
  const { url, schema } = postgresLocation(prefix);
  const location: DatabaseLocation = { kind: 'postgres', url, schema };
  const database = await openDatabase(location);
  return {
    ...database,
    async close() {
      await database.close();
      await dropSchema(url, schema);
    },
  };
}
