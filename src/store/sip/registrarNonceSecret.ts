import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Its own key: the console's session secret signs cookies, and one key per purpose keeps a leak narrow.
const KEY = 'sip.registrarNonceSecret';

/**
 * The key the SIP registrar signs its digest nonces with (auth/digestChallenger.ts): made once and
 * kept in the meta table, so that every node sharing the database accepts a nonce any of them
 * issued — a phone's REGISTERs may reach different nodes — and nonces outlive a restart.
 */
export async function loadRegistrarNonceSecret(db: Kysely<Database>): Promise<Buffer> {
  const existing = await db.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (existing) return Buffer.from(existing.value, 'base64url');
  await db
    .insertInto('meta')
    .values({ key: KEY, value: randomBytes(32).toString('base64url') })
    // Two nodes starting together: the first insert wins and both read it back.
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return Buffer.from(stored.value, 'base64url');
}
