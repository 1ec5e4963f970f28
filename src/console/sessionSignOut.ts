import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { SessionTerms } from './consoleSession.ts';

/**
 * Ends a session before its cookie expires: its id is kept (console_signouts) until the cookie
 * would have expired, and every node refuses it from then on. Rows whose cookies have expired are
 * dropped on the way.
 */
export async function signOut(db: Kysely<Database>, session: SessionTerms, realNow: number): Promise<void> {
  await db
    .insertInto('console_signouts')
    .values({ session_id: session.id, expires_at: session.expiresAt })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
  await db.deleteFrom('console_signouts').where('expires_at', '<=', realNow).execute();
}

/** Whether the session was signed out. */
export async function isSignedOut(db: Kysely<Database>, sessionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('console_signouts')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row !== undefined;
}
