import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../support/sdk.ts';
import {
  ACME_APP,
  OTHER_APP,
  OTHER_KEY,
  startTestServer,
  type TestServer,
} from '../../support/testServer.ts';
import { insertSession, liveRow } from './sessionRows.ts';

const T = Date.UTC(2025, 2, 10, 9, 0, 0);
const S = T / 1000;
const DAY_S = 86_400;

let server: TestServer;
let connected: string;
let abandoned: string;
let toIvr: string;
let busy: string;

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.runtime.database;
  connected = await insertSession(db, { start_ts: T });
  abandoned = await insertSession(db, {
    start_ts: T + 60_000,
    callee: '+8613000000002',
    seat_user: null,
    seat_mail: null,
    staff_number: null,
    seat_join_ts: null,
    ring_ts: T + 61_000,
    accept_ts: T + 70_000,
    queued_ts: T + 70_000,
    ended_ts: T + 72_000,
    end_status: 103,
    hung_up_side: 'system',
  });
  toIvr = await insertSession(db, {
    start_ts: T + 120_000,
    callee: '+8613000000003',
    seat_user: null,
    seat_mail: null,
    staff_number: null,
    seat_join_ts: null,
    ivr_id: 4600,
    accept_ts: T + 125_000,
    queued_ts: T + 125_000,
    ended_ts: T + 157_000,
    end_status: 107,
    hung_up_side: 'user',
  });
  busy = await insertSession(db, {
    start_ts: T + 180_000,
    callee: '+8613000000004',
    seat_user: null,
    seat_mail: null,
    staff_number: null,
    seat_join_ts: null,
    accept_ts: null,
    queued_ts: null,
    ended_ts: T + 183_000,
    end_status: 206,
    hung_up_side: 'user',
  });
  await insertSession(db, liveRow(T + 240_000));
  await insertSession(db, {
    sdk_app_id: OTHER_APP,
    start_ts: T,
    caller: '+14155550123',
    skill_group_id: 900,
  });
});
afterAll(async () => {
  await server.close();
});

const cdr = (request: Record<string, unknown> = {}) =>
  server
    .sdk()
    .DescribeTelCdr({ SdkAppId: ACME_APP, StartTimeStamp: S - 60, EndTimeStamp: S + 3600, ...request });

describe('DescribeTelCdr', () => {
  it('lists finished calls oldest first, under TelCdrList and TelCdrs alike', async () => {
    const answer = await cdr({ PageSize: 100, PageNumber: 0 });
    expect(answer.TotalCount).toBe(4);
    expect(answer.TelCdrList.map((c: { SessionId: string }) => c.SessionId)).toEqual([
      connected,
      abandoned,
      toIvr,
      busy,
    ]);
    expect(answer.TelCdrs).toEqual(answer.TelCdrList);
  });

  it('describes a connected call as Tencent does, the agent who served it included', async () => {
    const [call] = (await cdr({ SessionIds: [connected] })).TelCdrList;
    expect(call).toMatchObject({
      SessionId: connected,
      Caller: '0086075586013388',
      Callee: '+8613012345678',
      Time: S,
      StartTimestamp: S,
      RingTimestamp: S + 1,
      AcceptTimestamp: S + 5,
      QueuedTimestamp: S + 5,
      EndedTimestamp: S + 65,
      Duration: 60,
      Direction: 1,
      CallType: 5,
      EndStatus: 1,
      EndStatusString: 'ok',
      HungUpSide: 'user',
      SkillGroup: 'Outbound sales',
      SkillGroupId: 255,
      QueuedSkillGroupId: 255,
      QueuedSkillGroupName: 'Outbound sales',
      IVRDuration: 0,
      UUI: 'order-42',
      Uui: 'order-42',
      RecordURL: '',
      SeatUser: {
        Mail: 'agent1@1400000000.sim',
        Name: 'Agent 1',
        StaffNumber: '1001',
        UserId: 'agent1@1400000000.sim',
      },
    });
    expect(call.ServeParticipants).toHaveLength(1);
    expect(call.ServeParticipants[0]).toMatchObject({
      Mail: 'agent1@1400000000.sim',
      Type: 'staffseat',
      AcceptTimestamp: S + 5,
      EndedTimestamp: S + 65,
      SkillGroupId: 255,
      EndStatusString: 'ok',
    });
  });

  it('reports abandoned, IVR and busy outcomes with their end status strings', async () => {
    const calls = (await cdr({ SessionIds: [abandoned, toIvr, busy] })).TelCdrList;
    expect(
      calls.map((c: { EndStatus: number; EndStatusString: string }) => [c.EndStatus, c.EndStatusString]),
    ).toEqual([
      [103, 'waitingGiveUp'],
      [107, 'ivrEnd'],
      [206, 'busy'],
    ]);
    expect(calls[0]).toMatchObject({
      SeatUser: null,
      ServeParticipants: [],
      HungUpSide: 'system',
      Duration: 2,
    });
    // Answered at +5 s, queued for the 2 s connect deadline, then 30 s in the IVR.
    expect(calls[1]).toMatchObject({ IVRDuration: 30, Duration: 32 });
    expect(calls[2]).toMatchObject({ AcceptTimestamp: 0, Duration: 0, QueuedSkillGroupId: 0 });
  });

  it('filters by phone number, caller or callee', async () => {
    const byCallee = await cdr({ Phones: ['+8613000000003'] });
    expect(byCallee.TelCdrList.map((c: { SessionId: string }) => c.SessionId)).toEqual([toIvr]);
    const byCaller = await cdr({ Phones: ['0086075586013388'] });
    expect(byCaller.TotalCount).toBe(4);
    // Written as people write numbers: separators do not matter.
    const spaced = await cdr({ Phones: ['+86 130-0000-0003', '(0086) 0755 8601 3388'] });
    expect(spaced.TotalCount).toBe(4);
    expect(
      (await cdr({ Phones: ['+86 130 0000 0003'] })).TelCdrList.map(
        (c: { SessionId: string }) => c.SessionId,
      ),
    ).toEqual([toIvr]);
  });

  it('keeps to the window, both ends included', async () => {
    const first = await cdr({ StartTimeStamp: S, EndTimeStamp: S });
    expect(first.TelCdrList.map((c: { SessionId: string }) => c.SessionId)).toEqual([connected]);
    expect((await cdr({ StartTimeStamp: S + 181, EndTimeStamp: S + 3600 })).TotalCount).toBe(0);
  });

  it('pages from 0, and with the deprecated Offset/Limit too', async () => {
    const page = await cdr({ PageSize: 2, PageNumber: 1 });
    expect(page.TotalCount).toBe(4);
    expect(page.TelCdrList.map((c: { SessionId: string }) => c.SessionId)).toEqual([toIvr, busy]);
    const old = await cdr({ Offset: 1, Limit: 1 });
    expect(old.TelCdrs.map((c: { SessionId: string }) => c.SessionId)).toEqual([abandoned]);
  });

  it('works over the v1 signature with a GET, lists flattened', async () => {
    const answer = await server.sdk({ signMethod: 'HmacSHA256', reqMethod: 'GET' }).DescribeTelCdr({
      SdkAppId: ACME_APP,
      StartTimeStamp: S - 60,
      EndTimeStamp: S + 3600,
      PageSize: 10,
      PageNumber: 0,
      SessionIds: [busy, connected],
    });
    expect(answer.TelCdrList.map((c: { SessionId: string }) => c.SessionId)).toEqual([connected, busy]);
  });

  it('refuses a window of 90 days or more, an end before the start, and missing bounds', async () => {
    expect(await errorCodeOf(cdr({ StartTimeStamp: S, EndTimeStamp: S + 90 * DAY_S }))).toBe(
      'InvalidParameterValue',
    );
    expect((await cdr({ StartTimeStamp: S, EndTimeStamp: S + 90 * DAY_S - 1 })).TotalCount).toBe(4);
    expect(await errorCodeOf(cdr({ StartTimeStamp: S, EndTimeStamp: S - 1 }))).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(
        server.sdk().DescribeTelCdr({ SdkAppId: ACME_APP, EndTimeStamp: S, PageSize: 10, PageNumber: 0 }),
      ),
    ).toBe('MissingParameter');
    expect(await errorCodeOf(cdr({ PageSize: 101 }))).toBe('InvalidParameterValue');
  });

  it('shows each application only its own calls', async () => {
    const other = await server.sdk({ key: OTHER_KEY }).DescribeTelCdr({
      SdkAppId: OTHER_APP,
      StartTimeStamp: S - 60,
      EndTimeStamp: S + 3600,
    });
    expect(other.TotalCount).toBe(1);
    expect(other.TelCdrList[0]).toMatchObject({
      Caller: '+14155550123',
      SeatUser: { Name: '', Mail: 'agent1@1400000000.sim' },
    });
    expect(
      await errorCodeOf(
        server
          .sdk({ key: OTHER_KEY })
          .DescribeTelCdr({ SdkAppId: ACME_APP, StartTimeStamp: S, EndTimeStamp: S + 60 }),
      ),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});
