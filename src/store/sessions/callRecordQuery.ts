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

/** Up to this many calls of the `Phones` are always looked up by id and sorted (see describeCallRecords). */
const FEW_CALLS_OF_PHONES = 2_000;

/**
 * The matching call records' count, and one page of them, oldest first. Given `Phones`, the page
 * is read one of two ways, whichever reads fewer calls: the matching calls found through the
 * indexes of numbers, each looked up by id and all sorted by start; or the calls of the span
 * walked in start order until the page is full, which for the application's own line (on nearly
 * every call) is the page's calls and hardly more. Past 2,000 matching calls, the calls of the
 * span are counted (from an index alone) to tell how far that walk would go.
 */
export async function describeCallRecords(
  db: Kysely<Database>,
  filter: CallRecordFilter,
  page: Page,
): Promise<{ total: number; records: SessionRecord[] }> {
  if (!filter.phones?.length) {
    const [total, records] = await Promise.all([
      countCallRecords(db, filter),
      onePage(sessionsWithSeat(db).where(matching(filter)), page),
    ]);
    return { total, records };
  }
  const total = await countCallRecords(db, filter);
  const byId =
    total <= FEW_CALLS_OF_PHONES || total <= (await callsWalkedInStartOrder(db, filter, page, total));
  const [toPhones, fromPhones] = phoneBranches(db, filter);
  // Given only the calls' ids, SQLite looks each up; given the span too, it walked the span.
  const calls = byId
    ? sessionsWithSeat(db).where(
        's.session_id',
        'in',
        toPhones.select('p.session_id').unionAll(fromPhones!.select('p.session_id')),
      )
    : sessionsWithSeat(db).where(matching(filter));
  return { total, records: await onePage(calls, page) };
}

/** How many calls of the span a walk in start order reads, about, to fill the page. */
async function callsWalkedInStartOrder(
  db: Kysely<Database>,
  filter: CallRecordFilter,
  page: Page,
  matches: number,
): Promise<number> {
  const inSpan = await countCallRecords(db, { ...filter, phones: undefined });
  return Math.min(inSpan, ((page.offset + page.limit) * inSpan) / Math.max(matches, 1));
}

async function onePage(calls: ReturnType<typeof sessionsWithSeat>, page: Page): Promise<SessionRecord[]> {
  const rows = await calls
    .select(SESSION_COLUMNS)
    .orderBy('s.start_ts')
    .orderBy('s.session_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toSessionRecord);
}

/**
 * Counted without the agent's row: each call has at most one, and the join made SQLite read every
 * session's row where the index of start times alone answers (5.2 s against 0.13 s for 89 days of
 * a million calls). Calls of `Phones` are counted in two parts, each from an index of numbers
 * alone (migration 018).
 */
export async function countCallRecords(db: Kysely<Database>, filter: CallRecordFilter): Promise<number> {
  const counts = await Promise.all(
    phoneBranches(db, filter).map((calls) =>
      calls.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ),
  );
  return counts.reduce((total, row) => total + Number(row.n), 0);
}

/**
 * The filter's calls (sessions aliased `p`); given `Phones`, in two disjoint parts: the calls to
 * one of the numbers, and those from one of them to none (numbers are never null).
 */
function phoneBranches(db: Kysely<Database>, filter: CallRecordFilter) {
  const calls = db.selectFrom('sessions as p').where(matching({ ...filter, phones: undefined }, 'p'));
  if (!filter.phones?.length) return [calls] as const;
  const phones = [...filter.phones];
  return [
    calls.where('p.callee', 'in', phones),
    calls.where('p.caller', 'in', phones).where('p.callee', 'not in', phones),
  ] as const;
}

/** The condition on sessions (aliased `s`, or `p`) that the filter sets. */
function matching(filter: CallRecordFilter, alias: 's' | 'p' = 's'): Expression<SqlBool> {
  const eb = expressionBuilder<{ s: SessionTable; p: SessionTable }, 's' | 'p'>();
  const conditions = [
    eb(`${alias}.sdk_app_id`, '=', filter.sdkAppId),
    eb(`${alias}.start_ts`, '>=', filter.from),
    eb(`${alias}.start_ts`, '<=', filter.to),
    eb(`${alias}.ended_ts`, 'is not', null),
  ];
  if (filter.phones?.length) {
    const phones = [...filter.phones];
    conditions.push(eb.or([eb(`${alias}.caller`, 'in', phones), eb(`${alias}.callee`, 'in', phones)]));
  }
  if (filter.sessionIds?.length) conditions.push(eb(`${alias}.session_id`, 'in', [...filter.sessionIds]));
  return eb.and(conditions);
}
