import type { Kysely } from 'kysely';

/**
 * `callees_number` (migration 001) indexed every callee by its number, and no query ever looked a
 * callee up by number: call records are found by their sessions' numbers, callees by campaign.
 * It was the dearest B-tree of a Create: a callee's number lands on a leaf of its own, so each
 * commit wrote one more page per callee. Measured (SQLite, synchronous=FULL, 6 Creates of 3
 * random callees a commit): 150–233 µs of CPU a Create with it, 73–91 µs without.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('callees_number').ifExists().execute();
}
