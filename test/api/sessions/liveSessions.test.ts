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

let server: TestServer;
let finished: string;
let ringing: string;
let inProgress: string;
let otherTenants: string;

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.runtime.database;
  finished = await insertSession(db, { start_ts: T });
  ringing = await insertSession(db, {
    ...liveRow(T + 10_000),
    session_status: 'ringing',
    accept_ts: null,
    queued_ts: null,
    seat_join_ts: null,
    seat_user: null,
    seat_mail: null,
    staff_number: null,
  });
  inProgress = await insertSession(db, { ...liveRow(T + 5_000), callee: '+8613000000005' });
  for (let i = 0; i < 30; i++) {
    await insertSession(db, {
      ...liveRow(T + 20_000 + i * 1_000),
      callee: `+86130000001${String(i).padStart(2, '0')}`,
    });
  }
  otherTenants = await insertSession(db, { ...liveRow(T), sdk_app_id: OTHER_APP, skill_group_id: 900 });
});
afterAll(async () => {
  await server.close();
});

describe('DescribeTelSession', () => {
  it('describes a live call with its agent', async () => {
    const { Session } = await server.sdk().DescribeTelSession({ SdkAppId: ACME_APP, SessionId: inProgress });
    expect(Session).toMatchObject({
      SessionID: inProgress,
      Caller: '0086075586013388',
      Callee: '+8613000000005',
      StartTimestamp: S + 5,
      RingTimestamp: S + 6,
      AcceptTimestamp: S + 9,
      StaffEmail: 'agent1@1400000000.sim',
      StaffNumber: '1001',
      SessionStatus: 'inProgress',
      Direction: 1,
    });
  });

  it('describes a ringing call, with no agent yet, and a finished one', async () => {
    const ring = (await server.sdk().DescribeTelSession({ SdkAppId: ACME_APP, SessionId: ringing })).Session;
    expect(ring).toMatchObject({
      SessionStatus: 'ringing',
      AcceptTimestamp: 0,
      StaffEmail: '',
      StaffNumber: '',
    });
    const done = (await server.sdk().DescribeTelSession({ SdkAppId: ACME_APP, SessionId: finished })).Session;
    expect(done.SessionStatus).toBe('finished');
  });

  it("answers for an unknown session and for another tenant's alike", async () => {
    expect(
      await errorCodeOf(
        server.sdk().DescribeTelSession({ SdkAppId: ACME_APP, SessionId: 'no-such-session' }),
      ),
    ).toBe('FailedOperation.SessionNotExists');
    expect(
      await errorCodeOf(server.sdk().DescribeTelSession({ SdkAppId: ACME_APP, SessionId: otherTenants })),
    ).toBe('FailedOperation.SessionNotExists');
    const theirs = await server
      .sdk({ key: OTHER_KEY })
      .DescribeTelSession({ SdkAppId: OTHER_APP, SessionId: otherTenants });
    expect(theirs.Session.SessionID).toBe(otherTenants);
  });
});

describe('DescribeSessionDetail', () => {
  const detail = (sessionId: string, start = S - 60, end = S + 3600) =>
    server.sdk().DescribeSessionDetail({
      SdkAppId: ACME_APP,
      SessionId: sessionId,
      StartTimestamp: start,
      EndTimestamp: end,
    });

  it('details a finished call', async () => {
    const answer = await detail(finished);
    expect(answer).toMatchObject({
      Caller: '0086075586013388',
      Callee: '+8613012345678',
      CallType: 5,
      StartTimeStamp: S,
      RingTimestamp: S + 1,
      AcceptTimestamp: S + 5,
      EndedTimestamp: S + 65,
      QueuedTimestamp: S + 5,
      StaffUserId: 'agent1@1400000000.sim',
      EndStatus: 1,
      QueuedSkillGroupId: 255,
      QueuedSkillGroupName: 'Outbound sales',
      HungUpSide: 'user',
      UUI: 'order-42',
      RecordURL: '',
    });
    expect(answer.ServeParticipants[0]).toMatchObject({ Mail: 'agent1@1400000000.sim', Type: 'staffseat' });
  });

  it('answers SessionNotExists for an unknown session, one outside the window and one of another tenant', async () => {
    expect(await errorCodeOf(detail('no-such-session'))).toBe('FailedOperation.SessionNotExists');
    expect(await errorCodeOf(detail(finished, S + 1, S + 3600))).toBe('FailedOperation.SessionNotExists');
    expect(await errorCodeOf(detail(otherTenants))).toBe('FailedOperation.SessionNotExists');
  });

  it('refuses a window of 90 days or more and missing bounds', async () => {
    expect(await errorCodeOf(detail(finished, S - 60, S - 60 + 90 * 86_400))).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(
        server.sdk().DescribeSessionDetail({ SdkAppId: ACME_APP, SessionId: finished, StartTimestamp: S }),
      ),
    ).toBe('MissingParameter');
  });
});

describe('DescribePSTNActiveSessionList', () => {
  it('lists the calls in progress, oldest first, timestamps as strings where the model has them so', async () => {
    const answer = await server
      .sdk()
      .DescribePSTNActiveSessionList({ SdkAppId: ACME_APP, Offset: 0, Limit: 2 });
    expect(answer.Total).toBe(32);
    expect(answer.Sessions).toHaveLength(2);
    expect(answer.Sessions[0]).toMatchObject({
      SessionID: inProgress,
      Caller: '0086075586013388',
      Callee: '+8613000000005',
      StartTimestamp: String(S + 5),
      AcceptTimestamp: String(S + 9),
      RingTimestamp: S + 6,
      StaffEmail: 'agent1@1400000000.sim',
      StaffNumber: '1001',
      SessionStatus: 'inProgress',
      Direction: 1,
    });
    expect(answer.Sessions[1]).toMatchObject({
      SessionID: ringing,
      SessionStatus: 'ringing',
      AcceptTimestamp: '0',
    });
  });

  it('pages by Offset and Limit, at most 25 at a time', async () => {
    const tail = await server
      .sdk()
      .DescribePSTNActiveSessionList({ SdkAppId: ACME_APP, Offset: 25, Limit: 25 });
    expect(tail.Sessions).toHaveLength(7);
    expect(
      await errorCodeOf(
        server.sdk().DescribePSTNActiveSessionList({ SdkAppId: ACME_APP, Offset: 0, Limit: 26 }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(server.sdk().DescribePSTNActiveSessionList({ SdkAppId: ACME_APP, Limit: 10 })),
    ).toBe('MissingParameter');
  });

  it('shows each application only its own calls', async () => {
    const theirs = await server
      .sdk({ key: OTHER_KEY })
      .DescribePSTNActiveSessionList({ SdkAppId: OTHER_APP, Offset: 0, Limit: 25 });
    expect(theirs.Total).toBe(1);
    expect(theirs.Sessions[0].SessionID).toBe(otherTenants);
  });
});
