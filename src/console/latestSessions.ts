import type { Kysely } from 'kysely';
import { endStatusString } from '../domain/endStatus.ts';
import type { Database } from '../store/schema.ts';
import type { SessionLine } from './consoleWire.ts';

/** The campaign's most recent call attempts (index sessions_campaign_start). */
export async function latestSessions(
  db: Kysely<Database>,
  campaignId: number,
  limit = 15,
): Promise<SessionLine[]> {
  const rows = await db
    .selectFrom('sessions')
    .select([
      'session_id',
      'callee',
      'caller',
      'session_status',
      'end_status',
      'seat_user',
      'start_ts',
      'accept_ts',
      'ended_ts',
    ])
    .where('campaign_id', '=', campaignId)
    .orderBy('start_ts', 'desc')
    .orderBy('session_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    SessionId: r.session_id,
    Callee: r.callee,
    Caller: r.caller,
    SessionStatus: r.session_status,
    EndStatus: r.end_status,
    EndStatusString: endStatusString(r.end_status),
    SeatUser: r.seat_user,
    StartTimestamp: r.start_ts,
    AcceptTimestamp: r.accept_ts,
    EndedTimestamp: r.ended_ts,
  }));
}
