import type { Kysely } from 'kysely';
import { constantTimeEqual } from '../api/protocol/constantTimeEqual.ts';
import type { Database } from '../store/schema.ts';
import { SignInRefused, SignInRequired } from './consoleErrors.ts';
import type { ConsoleSession } from './consoleSession.ts';

export interface Supervisor {
  /** The tenant: the same account the API would act for with this key. */
  readonly accountId: string;
  readonly secretId: string;
}

/** Checks an application's SecretId/SecretKey as the API would check a signature made with them. */
export async function signInSupervisor(
  db: Kysely<Database>,
  secretId: string,
  secretKey: string,
): Promise<Supervisor> {
  const key = await db
    .selectFrom('access_keys')
    .select(['secret_key', 'account_id', 'enabled'])
    .where('secret_id', '=', secretId)
    .executeTakeFirst();
  // Compare even when the id is unknown, so timing does not tell which ids exist.
  const matches = constantTimeEqual(key?.secret_key ?? '\u0000'.repeat(secretKey.length), secretKey);
  if (!key || !matches || key.enabled !== 1) {
    throw new SignInRefused('Unknown SecretId or wrong SecretKey.');
  }
  return { accountId: key.account_id, secretId };
}

/**
 * The supervisor a session stands for, re-checked on every call: a key disabled or moved to
 * another account since sign-in ends the session, as it would end the key's API access.
 */
export async function supervisorOf(
  db: Kysely<Database>,
  session: ConsoleSession | undefined,
): Promise<Supervisor> {
  if (session?.kind !== 'supervisor') throw new SignInRequired();
  const key = await db
    .selectFrom('access_keys')
    .select(['account_id', 'enabled'])
    .where('secret_id', '=', session.secretId)
    .executeTakeFirst();
  if (key?.enabled !== 1 || key.account_id !== session.accountId) {
    throw new SignInRequired('The access key of this session is no longer valid; sign in again.');
  }
  return { accountId: session.accountId, secretId: session.secretId };
}
