import { type Expression, expressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Page } from '../page.ts';
import type { Database, SessionTable } from '../schema.ts';
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

/**
 * Counted without the agent's row: each call has at most one, and the join made SQLite read every
 * session's row where the index of start times alone answers (5.2 s against 0.13 s for 89 days of
 * a million calls).
 */
export async function countCallRecords(db: Kysely<Database>, filter: CallRecordFilter): Promise<number> {
  const row = await db
    .selectFrom('sessions as s')
    .where(matching(filter))
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
  const rows = await sessionsWithSeat(db)
    .where(matching(filter))
    .select(SESSION_COLUMNS)
    .orderBy('s.start_ts')
    .orderBy('s.session_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toSessionRecord);
}

/** The condition on sessions (aliased `s`) that the filter sets. */
function matching(filter: CallRecordFilter): Expression<SqlBool> {
  const eb = expressionBuilder<{ s: SessionTable }, 's'>();
  const conditions = [
    eb('s.sdk_app_id', '=', filter.sdkAppId),
    eb('s.start_ts', '>=', filter.from),
    eb('s.start_ts', '<=', filter.to),
    eb('s.ended_ts', 'is not', null),
  ];
  if (filter.phones?.length) {
    const phones = [...filter.phones];
    conditions.push(eb.or([eb('s.caller', 'in', phones), eb('s.callee', 'in', phones)]));
  }
  if (filter.sessionIds?.length) conditions.push(eb('s.session_id', 'in', [...filter.sessionIds]));
  return eb.and(conditions);
}
