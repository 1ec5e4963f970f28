import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { storedSecret } from '../store/storedSecret.ts';

/**
 * The key that signs console session cookies, kept in the database so that sessions survive a
 * restart and every node sharing the database accepts the others' cookies.
 */
export function loadSessionSecret(db: Kysely<Database>): Promise<string> {
  return storedSecret(db, 'console.sessionSecret');
}
