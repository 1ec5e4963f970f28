import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A random 32-byte secret kept in the meta table under `key` (base64url): made by the first start
 * that needs it and read back by every later one, on every node sharing the database. Two nodes
 * starting together both insert; the first insert wins and both read it back. One key per purpose,
 * so that a leak of one secret stays narrow.
 */
export async function storedSecret(db: Kysely<Database>, key: string): Promise<string> {
  const existing = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('meta')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return stored.value;
}
