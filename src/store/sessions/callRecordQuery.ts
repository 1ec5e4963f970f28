import type { Kysely } from 'kysely';
import type { Page } from '../page.ts';
import type { Database } from '../schema.ts';
import { SESSION_COLUMNS, type SessionRecord, sessionsWithSeat, toSessionRecord } from './sessionRecord.ts';

/** Which call records: finished sessions of one application started within [from, to] (ms). */
export interface CallRecordFilter {
  readonly sdkAppId: number;
  readonly from: number;
  readonly to: number;
  /** Calls from or to any of these numbers. */
  readonly phones?: readonly string[] | undefined;
  readonly sessionIds?: readonly string[] | undefined;
}

export async function countCallRecords(db: Kysely<Database>, filter: CallRecordFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of call records, oldest first. */
export async function listCallRecords(
  db: Kysely<Database>,
  filter: CallRecordFilter,
  page: Page,
): Promise<SessionRecord[]> {
  const rows = await filtered(db, filter)
    .select(SESSION_COLUMNS)
    .orderBy('s.start_ts')
    .orderBy('s.session_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toSessionRecord);
}

function filtered(db: Kysely<Database>, filter: CallRecordFilter) {
  const phones = filter.phones?.length ? [...filter.phones] : undefined;
  const sessionIds = filter.sessionIds?.length ? [...filter.sessionIds] : undefined;
  return sessionsWithSeat(db)
    .where('s.sdk_app_id', '=', filter.sdkAppId)
    .where('s.start_ts', '>=', filter.from)
    .where('s.start_ts', '<=', filter.to)
    .where('s.ended_ts', 'is not', null)
    .$if(phones !== undefined, (q) =>
      q.where((eb) => eb.or([eb('s.caller', 'in', phones!), eb('s.callee', 'in', phones!)])),
    )
    .$if(sessionIds !== undefined, (q) => q.where('s.session_id', 'in', sessionIds!));
}
