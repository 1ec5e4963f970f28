import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { SESSION_COLUMNS, type SessionRecord, sessionsWithSeat, toSessionRecord } from './sessionRecord.ts';

/** A session of the application; one of another application reads as none. */
export async function findSession(
  db: Kysely<Database>,
  sdkAppId: number,
  sessionId: string,
): Promise<SessionRecord | undefined> {
  const row = await sessionsWithSeat(db)
    .select(SESSION_COLUMNS)
    .where('s.sdk_app_id', '=', sdkAppId)
    .where('s.session_id', '=', sessionId)
    .executeTakeFirst();
  return row && toSessionRecord(row);
}
