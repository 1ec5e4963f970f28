import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionTable, StaffTable } from '../schema.ts';

/** The agent who served a session, as the staff table knows them (null fields: deleted since). */
export interface SeatAgent {
  readonly mail: string;
  readonly userId: string;
  readonly staffNumber: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly nick: string | null;
}

/** A call attempt as the readers of §4 see it. Times in ms; null until the moment happens. */
export interface SessionRecord {
  readonly sessionId: string;
  readonly sdkAppId: number;
  readonly campaignId: number;
  readonly caller: string;
  readonly callee: string;
  readonly direction: number;
  readonly callType: number;
  readonly sessionStatus: string;
  readonly startAt: number;
  readonly ringAt: number | null;
  readonly acceptAt: number | null;
  readonly queuedAt: number | null;
  readonly seatJoinAt: number | null;
  readonly endedAt: number | null;
  readonly seat: SeatAgent | null;
  readonly skillGroupId: number;
  readonly skillGroupName: string;
  readonly ivrId: number | null;
  readonly uui: string;
  readonly endStatus: number | null;
  readonly hungUpSide: string | null;
  /** The network's identifiers of the legs (SIP Call-IDs under `sip`), or null. */
  readonly telephonyIds: Readonly<Record<string, string>> | null;
}

/** Sessions joined with the agent who served them, ready to be filtered further. */
export function sessionsWithSeat(db: Kysely<Database>) {
  return db
    .selectFrom('sessions as s')
    .leftJoin('staff as a', (join) =>
      join.onRef('a.sdk_app_id', '=', 's.sdk_app_id').onRef('a.mail', '=', 's.seat_mail'),
    );
}

export const SESSION_COLUMNS = [
  's.session_id',
  's.sdk_app_id',
  's.campaign_id',
  's.caller',
  's.callee',
  's.direction',
  's.call_type',
  's.session_status',
  's.start_ts',
  's.ring_ts',
  's.accept_ts',
  's.queued_ts',
  's.seat_join_ts',
  's.ended_ts',
  's.seat_user',
  's.seat_mail',
  's.staff_number',
  's.skill_group_id',
  's.skill_group_name',
  's.ivr_id',
  's.uui',
  's.end_status',
  's.hung_up_side',
  's.telephony_ids',
  'a.name as seat_name',
  'a.phone as seat_phone',
  'a.nick as seat_nick',
  'a.user_id as seat_user_id',
] as const;

type SelectedColumn = (typeof SESSION_COLUMNS)[number];
/** What SESSION_COLUMNS selects from the sessions table, named without the `s.` alias. */
type SessionColumn = SelectedColumn extends infer C ? (C extends `s.${infer Name}` ? Name : never) : never;
/** The serving agent's columns SESSION_COLUMNS selects, `a.<column> as seat_<column>`. */
type SeatColumn = SelectedColumn extends infer C
  ? C extends `a.${infer Name} as seat_${string}`
    ? Name
    : never
  : never;

/**
 * A row as SESSION_COLUMNS reads it, typed from the schema so it cannot drift from it: the
 * session's columns, and the serving agent's through the left join (null when there is none).
 */
type SessionRow = Pick<Selectable<SessionTable>, SessionColumn> & {
  [Column in SeatColumn & keyof StaffTable as `seat_${Column}`]: Selectable<StaffTable>[Column] | null;
};

const ms = (v: number | null): number | null => (v === null ? null : Number(v));

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    sessionId: row.session_id,
    sdkAppId: Number(row.sdk_app_id),
    campaignId: Number(row.campaign_id),
    caller: row.caller,
    callee: row.callee,
    direction: row.direction,
    callType: row.call_type,
    // A session with an end time is over, whatever status its last writer left.
    sessionStatus: row.ended_ts !== null ? 'finished' : row.session_status,
    startAt: Number(row.start_ts),
    ringAt: ms(row.ring_ts),
    acceptAt: ms(row.accept_ts),
    queuedAt: ms(row.queued_ts),
    seatJoinAt: ms(row.seat_join_ts),
    endedAt: ms(row.ended_ts),
    seat:
      row.seat_mail === null
        ? null
        : {
            mail: row.seat_mail,
            userId: row.seat_user_id ?? row.seat_user ?? row.seat_mail,
            staffNumber: row.staff_number ?? '',
            name: row.seat_name,
            phone: row.seat_phone,
            nick: row.seat_nick,
          },
    skillGroupId: Number(row.skill_group_id),
    skillGroupName: row.skill_group_name,
    ivrId: ms(row.ivr_id),
    uui: row.uui,
    endStatus: row.end_status,
    hungUpSide: row.hung_up_side,
    telephonyIds: row.telephony_ids ? (JSON.parse(row.telephony_ids) as Record<string, string>) : null,
  };
}
