import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../src/store/database.ts';
import type { Page } from '../../../src/store/page.ts';
import type { SessionTable } from '../../../src/store/schema.ts';
import { type CallRecordFilter, describeCallRecords } from '../../../src/store/sessions/callRecordQuery.ts';
import { planOf, statementsOf } from '../../support/statementPlans.ts';
import { openTestDatabase, storeBackends } from '../../support/testDatabase.ts';
import { ACME_APP, OTHER_APP } from '../../support/testServer.ts';

const CALLER = '0086075586013388';
const OTHER_LINE = '0086075586013399';
/** More calls from one line than are sorted by number (above 2,000 they are read in start order). */
const CALLS = 2_100;
const customer = (i: number) => `+86130${String(i).padStart(8, '0')}`;

type Row = Insertable<SessionTable>;
let attemptsMade = 0;

function call(
  id: string,
  fields: Pick<Row, 'start_ts' | 'callee'> &
    Partial<Pick<Row, 'sdk_app_id' | 'caller' | 'ended_ts' | 'session_status'>>,
): Row {
  return {
    session_id: id,
    sdk_app_id: ACME_APP,
    campaign_id: 1,
    callee_seq: attemptsMade++,
    attempt: 1,
    caller: CALLER,
    direction: 1,
    call_type: 5,
    session_status: 'finished',
    ended_ts: fields.start_ts + 60_000,
    skill_group_id: 255,
    skill_group_name: 'Sales',
    uui: '',
    variables: '[]',
    ...fields,
  };
}

/**
 * Every call of the line, one per customer; two calls of one start (ordered by id); a customer who
 * is also called from another line; one call going on; another application's call; and a call
 * from a customer's number, as a number can be both.
 */
const rows: Row[] = [
  ...Array.from({ length: CALLS }, (_, i) =>
    call(`c-${String(i).padStart(5, '0')}`, {
      start_ts: 1_000 * (i + 1),
      callee: customer(i),
    }),
  ),
  call('z-tie', { start_ts: 1_000 * 11, callee: customer(10) }),
  call('o-line', { start_ts: 1_500, caller: OTHER_LINE, callee: customer(5) }),
  call('o-going', { start_ts: 2_500, callee: customer(5), ended_ts: null, session_status: 'inProgress' }),
  call('o-app', { start_ts: 3_500, sdk_app_id: OTHER_APP, callee: customer(5) }),
  call('o-reversed', { start_ts: 4_500, caller: customer(9), callee: OTHER_LINE }),
];

/** What DescribeTelCdr must answer, worked out here from the rows. */
function expected(filter: CallRecordFilter, page: Page): { total: number; sessions: string[] } {
  const matching = rows
    .filter(
      (r) =>
        r.sdk_app_id === filter.sdkAppId &&
        r.start_ts >= filter.from &&
        r.start_ts <= filter.to &&
        r.ended_ts !== null &&
        (!filter.phones?.length || filter.phones.includes(r.caller) || filter.phones.includes(r.callee)) &&
        (!filter.sessionIds?.length || filter.sessionIds.includes(r.session_id)),
    )
    .sort((a, b) => a.start_ts - b.start_ts || (a.session_id < b.session_id ? -1 : 1));
  return {
    total: matching.length,
    sessions: matching.slice(page.offset, page.offset + page.limit).map((r) => r.session_id),
  };
}

describe.each(storeBackends())('call records by phone number on %s', (backend) => {
  let database: OpenedDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(backend, 'cdr');
    for (let i = 0; i < rows.length; i += 500)
      await database.db
        .insertInto('sessions')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  afterAll(() => database.close());

  const everything = { sdkAppId: ACME_APP, from: 0, to: 10_000_000 };
  /** More customers than are always looked up by id: 2,050 of the line's 2,100. */
  const manyCustomers = Array.from({ length: 2_050 }, (_, i) => customer(i));
  const cases: Array<[string, CallRecordFilter, Page]> = [
    ['a customer', { ...everything, phones: [customer(5)] }, { offset: 0, limit: 10 }],
    [
      'customers, one never called',
      { ...everything, phones: [customer(10), customer(7), '+8613999999999'] },
      { offset: 0, limit: 10 },
    ],
    [
      'a number that called and was called',
      { ...everything, phones: [customer(9)] },
      { offset: 0, limit: 10 },
    ],
    [
      'the line of every call, a page deep in',
      { ...everything, phones: [CALLER] },
      { offset: 1_000, limit: 25 },
    ],
    [
      'the line and a customer of it, each call once',
      { ...everything, phones: [CALLER, customer(5)] },
      { offset: 0, limit: 20 },
    ],
    ['two lines', { ...everything, phones: [CALLER, OTHER_LINE] }, { offset: 2_090, limit: 30 }],
    [
      'the line within a span',
      { ...everything, from: 5_000, to: 12_000, phones: [CALLER] },
      { offset: 0, limit: 100 },
    ],
    [
      'a customer and session ids',
      { ...everything, phones: [customer(5)], sessionIds: ['c-00005', 'c-00006'] },
      { offset: 0, limit: 10 },
    ],
    ['many customers, the last page', { ...everything, phones: manyCustomers }, { offset: 2_040, limit: 10 }],
    ['many customers, the first page', { ...everything, phones: manyCustomers }, { offset: 0, limit: 10 }],
    [
      'another application',
      { ...everything, sdkAppId: OTHER_APP, phones: [customer(5)] },
      { offset: 0, limit: 10 },
    ],
  ];

  it.each(cases)('%s', async (_name, filter, page) => {
    const { total, records } = await describeCallRecords(database.db, filter, page);
    expect({ total, sessions: records.map((r) => r.sessionId) }).toEqual(expected(filter, page));
  });

  it.runIf(backend === 'sqlite')('reads a page of many calls of the numbers the cheaper way', async () => {
    /** The page's statement (the one that joins the agent's row) and SQLite's plan of it. */
    const pagePlan = async (filter: CallRecordFilter, page: Page) => {
      const statements = await statementsOf(database, (db) => describeCallRecords(db, filter, page));
      const read = statements.find((statement) => /left join "staff"/.test(statement.sql));
      return (await planOf(database, read!)).filter((step) => /^((SEARCH|SCAN) s |MULTI-INDEX)/.test(step));
    };
    const walked = ['SEARCH s USING INDEX sessions_app_start (sdk_app_id=? AND start_ts>? AND start_ts<?)'];
    // The line is on nearly every call: its first page is its first calls of the span.
    expect(await pagePlan({ ...everything, phones: [CALLER] }, { offset: 0, limit: 10 })).toEqual(walked);
    expect(await pagePlan({ ...everything, phones: manyCustomers }, { offset: 0, limit: 10 })).toEqual(
      walked,
    );
    // Its last page is past nearly every call of the span: each matching call is looked up instead.
    const byId = await pagePlan({ ...everything, phones: manyCustomers }, { offset: 2_040, limit: 10 });
    expect(byId[0]).toBe('SEARCH s USING INDEX sqlite_autoindex_sessions_1 (session_id=?)');
    expect(await pagePlan({ ...everything, phones: [customer(5)] }, { offset: 0, limit: 10 })).toEqual(byId);
  });
});
