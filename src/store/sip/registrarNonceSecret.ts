import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { storedSecret } from '../storedSecret.ts';

/**
 * The key the SIP registrar signs its digest nonces with (auth/digestChallenger.ts), kept in the
 * database so that every node accepts a nonce any of them issued — a phone's REGISTERs may reach
 * different nodes — and nonces outlive a restart.
 */
export async function loadRegistrarNonceSecret(db: Kysely<Database>): Promise<Buffer> {
  return Buffer.from(await storedSecret(db, 'sip.registrarNonceSecret'), 'base64url');
}
