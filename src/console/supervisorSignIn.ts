import type { Kysely } from 'kysely';
import { constantTimeEqual } from '../api/protocol/constantTimeEqual.ts';
import { verifyPassword } from '../domain/password.ts';
import type { Database } from '../store/schema.ts';
import type { Tenant } from './actionRunner.ts';
import { SignInRefused, SignInRequired } from './consoleErrors.ts';
import type { ConsoleSession, SupervisorIdentity } from './consoleSession.ts';
import { checkDecoyPassword, passwordTag, secretTag } from './passwordCheck.ts';
import { isSignedOut } from './sessionSignOut.ts';

/**
 * Who a supervisor session acts as: the tenant, exactly as a key of that account would. Its
 * `secretId` is the key signed in with; for an operator `operator:<name>`, which names who acted
 * wherever an API action records its caller.
 */
export interface Supervisor extends Tenant {
  /** The operator signed in as, when not with a key. */
  readonly operator: string | undefined;
}

/** Checks an application's SecretId/SecretKey as the API would check a signature made with them. */
export async function signInSupervisor(
  db: Kysely<Database>,
  secretId: string,
  secretKey: string,
  sessionSecret: string,
): Promise<SupervisorIdentity> {
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
  return { accountId: key.account_id, secretId, keyTag: secretTag(key.secret_key, sessionSecret) };
}

/** Checks an operator's name and password, as the config declares them. */
export async function signInOperator(
  db: Kysely<Database>,
  name: string,
  password: string,
): Promise<SupervisorIdentity> {
  const operator = await db
    .selectFrom('operators')
    .select(['account_id', 'password_hash'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!operator) await checkDecoyPassword(password);
  if (!operator || !(await verifyPassword(password, operator.password_hash))) {
    throw new SignInRefused('Unknown operator or wrong password.');
  }
  return { accountId: operator.account_id, operator: name, passwordTag: passwordTag(operator.password_hash) };
}

/**
 * The supervisor a session stands for, re-checked on every call: a key disabled, moved to another
 * account or given another secret since sign-in ends the session, as it would end the key's API
 * access; so does an operator removed from the config, moved to another account, or given another
 * password; and so does signing out.
 */
export async function supervisorOf(
  db: Kysely<Database>,
  session: ConsoleSession | undefined,
  sessionSecret: string,
): Promise<Supervisor> {
  if (session?.kind !== 'supervisor') throw new SignInRequired();
  if (await isSignedOut(db, session.id))
    throw new SignInRequired('This session was signed out; sign in again.');
  if (session.operator !== undefined) {
    const operator = await db
      .selectFrom('operators')
      .select(['account_id', 'password_hash'])
      .where('name', '=', session.operator)
      .executeTakeFirst();
    if (
      operator?.account_id !== session.accountId ||
      passwordTag(operator.password_hash) !== session.passwordTag
    ) {
      throw new SignInRequired('The operator account of this session has changed or is gone; sign in again.');
    }
    return {
      accountId: session.accountId,
      secretId: `operator:${session.operator}`,
      operator: session.operator,
    };
  }
  const key = await db
    .selectFrom('access_keys')
    .select(['account_id', 'enabled', 'secret_key'])
    .where('secret_id', '=', session.secretId)
    .executeTakeFirst();
  if (
    key?.enabled !== 1 ||
    key.account_id !== session.accountId ||
    secretTag(key.secret_key, sessionSecret) !== session.keyTag
  ) {
    throw new SignInRequired('The access key of this session is no longer valid; sign in again.');
  }
  return { accountId: session.accountId, secretId: session.secretId, operator: undefined };
}
