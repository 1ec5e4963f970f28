import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

const KEY = 'console.sessionSecret';

/**
 * The key that signs console session cookies: made once and kept in the meta table, so sessions
 * survive a restart and every node sharing the database accepts the others' cookies.
 */
export async function loadSessionSecret(db: Kysely<Database>): Promise<string> {
  const existing = await db.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('meta')
    .values({ key: KEY, value: randomBytes(32).toString('base64url') })
    // Two nodes starting together: the first insert wins and both read it back.
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return stored.value;
}
