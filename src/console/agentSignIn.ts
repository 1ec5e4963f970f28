import type { Kysely } from 'kysely';
import { verifyPassword } from '../domain/password.ts';
import type { Database } from '../store/schema.ts';
import { SignInRefused, SignInRequired } from './consoleErrors.ts';
import type { ConsoleSession } from './consoleSession.ts';
import { checkDecoyPassword, passwordTag } from './passwordCheck.ts';
import { isSignedOut } from './sessionSignOut.ts';

export interface Agent {
  readonly sdkAppId: number;
  readonly mail: string;
  /** The tenant owning the agent's application: agent actions run on its behalf. */
  readonly accountId: string;
  /** Fingerprint of the password the session was opened with: a new password ends old sessions. */
  readonly passwordTag: string;
}

/**
 * Checks a staff member's Mail and password (set with ModifyStaffPassword or the admin CLI). A mail
 * may be staff of several applications; `sdkAppId` picks one, else the first whose password fits.
 */
export async function signInAgent(
  db: Kysely<Database>,
  mail: string,
  password: string,
  sdkAppId?: number,
): Promise<Agent> {
  let query = db
    .selectFrom('staff')
    .innerJoin('applications', 'applications.sdk_app_id', 'staff.sdk_app_id')
    .select(['staff.sdk_app_id', 'staff.mail', 'staff.password_hash', 'applications.account_id'])
    .where('staff.mail', '=', mail)
    .orderBy('staff.sdk_app_id');
  if (sdkAppId !== undefined) query = query.where('staff.sdk_app_id', '=', sdkAppId);
  const rows = await query.execute();
  let checked = false;
  for (const row of rows) {
    if (!row.password_hash) continue;
    checked = true;
    if (await verifyPassword(password, row.password_hash)) {
      return {
        sdkAppId: row.sdk_app_id,
        mail: row.mail,
        accountId: row.account_id,
        passwordTag: passwordTag(row.password_hash),
      };
    }
  }
  // An unknown mail, or staff without a password, takes as long as a wrong password: timing must
  // not tell which mails exist.
  if (!checked) await checkDecoyPassword(password);
  throw new SignInRefused('Unknown mail or wrong password.');
}

/** The agent a session stands for, re-checked on every call: deleted staff and signed-out sessions are refused. */
export async function agentOf(db: Kysely<Database>, session: ConsoleSession | undefined): Promise<Agent> {
  if (session?.kind !== 'agent') throw new SignInRequired();
  if (await isSignedOut(db, session.id))
    throw new SignInRequired('This session was signed out; sign in again.');
  const row = await db
    .selectFrom('staff')
    .innerJoin('applications', 'applications.sdk_app_id', 'staff.sdk_app_id')
    .select(['staff.sdk_app_id', 'staff.mail', 'staff.password_hash', 'applications.account_id'])
    .where('staff.sdk_app_id', '=', session.sdkAppId)
    .where('staff.mail', '=', session.mail)
    .executeTakeFirst();
  if (!row) throw new SignInRequired('This staff account no longer exists.');
  const tag = row.password_hash ? passwordTag(row.password_hash) : '';
  if (tag !== session.passwordTag) throw new SignInRequired('The password was changed; sign in again.');
  return { sdkAppId: row.sdk_app_id, mail: row.mail, accountId: row.account_id, passwordTag: tag };
}
