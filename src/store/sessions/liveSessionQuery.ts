import type { Kysely } from 'kysely';
import type { Page } from '../page.ts';
import type { Database } from '../schema.ts';
import { SESSION_COLUMNS, type SessionRecord, sessionsWithSeat, toSessionRecord } from './sessionRecord.ts';

/** Calls of the application still going on: placed and not yet ended. */
export async function countLiveSessions(db: Kysely<Database>, sdkAppId: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sdk_app_id', '=', sdkAppId)
    .where('ended_ts', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the live calls, oldest first. */
export async function listLiveSessions(
  db: Kysely<Database>,
  sdkAppId: number,
  page: Page,
): Promise<SessionRecord[]> {
  const rows = await sessionsWithSeat(db)
    .select(SESSION_COLUMNS)
    .where('s.sdk_app_id', '=', sdkAppId)
    .where('s.ended_ts', 'is', null)
    .orderBy('s.start_ts')
    .orderBy('s.session_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toSessionRecord);
}
