import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/app.ts';
import type { EngineControl } from '../../../src/dialer/engineControl.ts';
import { setStaffStatus } from '../../../src/store/directory/staffStatusStore.ts';
import { type CccSdk, cccClient, errorCodeOf } from '../../support/sdk.ts';
import { ACME_APP, ACME_KEY, OTHER_KEY, startTestServer, type TestServer } from '../../support/testServer.ts';
import { manualClock } from './manualClock.ts';

const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
const clock = manualClock(T0);
const notified: string[] = [];
const engine: EngineControl = {
  campaignChanged: () => {},
  staffChanged: (sdkAppId, mail) => notified.push(`${sdkAppId}/${mail}`),
  hangUp: async () => false,
};

let server: TestServer;
let app: FastifyInstance;
let sdk: CccSdk;

// The API of the test server, but with an engine that records what it is told.
beforeAll(async () => {
  server = await startTestServer({}, { clock });
  const { database } = server.runtime;
  app = buildApp({
    services: { db: database.db, dialect: database.dialect, clock, config: server.config, engine },
    logger: pino({ level: 'silent' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  sdk = cccClient(`127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, ACME_KEY);
});
afterAll(async () => {
  await app.close();
  await server.close();
});

const AGENT1 = 'agent1@1400000000.sim';
const AGENT2 = 'agent2@1400000000.sim';
const AGENT3 = 'agent3@1400000000.sim';

async function metricsOf(mail: string) {
  const answer = await sdk.DescribeStaffStatusMetrics({ SdkAppId: ACME_APP, StaffList: [mail] });
  return answer.Metrics[0];
}

describe('SetStaffStatus', () => {
  it('sets an agent to rest with a reason, reports the status before, and tells the engine', async () => {
    clock.set(T0 + 60_000);
    notified.length = 0;
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: AGENT1, Status: 'rest', Reason: 'lunch' }],
    });
    expect(answer.StaffStatusList).toEqual([
      {
        StaffUserId: AGENT1,
        ErrorCode: '',
        ErrorMessage: '',
        Status: 'rest',
        Reason: 'lunch',
        PreviousStatus: 'free',
        PreviousReason: '',
      },
    ]);
    expect(notified).toEqual([`${ACME_APP}/${AGENT1}`]);
    expect(await metricsOf(AGENT1)).toMatchObject({
      Status: 'rest',
      Reason: 'lunch',
      LastStatusTimestamp: (T0 + 60_000) / 1000,
    });
  });

  it('takes statuses in any case and answers them in camelCase', async () => {
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [
        { StaffUserId: AGENT1, Status: 'NOTREADY' },
        { StaffUserId: AGENT2, Status: 'NotReady', Reason: 'training' },
      ],
    });
    expect(
      answer.StaffStatusList.map((r: { Status: string; PreviousStatus: string }) => [
        r.PreviousStatus,
        r.Status,
      ]),
    ).toEqual([
      ['rest', 'notReady'],
      ['free', 'notReady'],
    ]);
  });

  it('clears the reason when the agent is set free', async () => {
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: AGENT2, Status: 'Free', Reason: 'ignored' }],
    });
    expect(answer.StaffStatusList[0]).toMatchObject({
      Status: 'free',
      Reason: '',
      PreviousStatus: 'notReady',
      PreviousReason: 'training',
    });
  });

  it('answers each item on its own: unknown agents and statuses one cannot ask for are refused', async () => {
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [
        { StaffUserId: 'nobody@acme.test', Status: 'free' },
        { StaffUserId: AGENT3, Status: 'busy' },
        { StaffUserId: AGENT3, Status: 'lunch' },
        { StaffUserId: AGENT3, Status: 'rest' },
      ],
    });
    expect(answer.StaffStatusList.map((r: { ErrorCode: string }) => r.ErrorCode)).toEqual([
      'InvalidParameterValue.AccountNotExist',
      'InvalidParameterValue',
      'InvalidParameterValue',
      '',
    ]);
    expect(answer.StaffStatusList[1]).toMatchObject({ Status: 'free', PreviousStatus: 'free' });
    expect(answer.StaffStatusList[1].ErrorMessage).toContain('StaffStatusList.1.Status');
    expect(answer.StaffStatusList[3]).toMatchObject({ Status: 'rest', PreviousStatus: 'free' });
  });

  it('lets an agent on a call take a break at once, but not be made free while the call lasts', async () => {
    const { db } = server.runtime.database;
    await setStaffStatus(db, {
      sdkAppId: ACME_APP,
      mail: AGENT2,
      status: 'busy',
      reason: '',
      at: clock.now(),
    });
    const free = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: AGENT2, Status: 'free' }],
    });
    expect(free.StaffStatusList[0]).toMatchObject({
      ErrorCode: 'FailedOperation.SeatStatusBusy',
      Status: 'busy',
    });
    const rest = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: AGENT2, Status: 'rest', Reason: 'after this call' }],
    });
    expect(rest.StaffStatusList[0]).toMatchObject({ ErrorCode: '', Status: 'rest', PreviousStatus: 'busy' });
  });

  it('lets an agent in after-call work cut it short', async () => {
    const { db } = server.runtime.database;
    await setStaffStatus(db, {
      sdkAppId: ACME_APP,
      mail: AGENT2,
      status: 'afterCallWork',
      reason: '',
      at: clock.now(),
    });
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: AGENT2, Status: 'free' }],
    });
    expect(answer.StaffStatusList[0]).toMatchObject({
      ErrorCode: '',
      Status: 'free',
      PreviousStatus: 'afterCallWork',
    });
  });

  it('brings an offline agent online, which sets its last online time', async () => {
    await sdk.CreateStaff({
      SdkAppId: ACME_APP,
      Staffs: [{ Name: 'Hal', Mail: 'hal@acme.test', StaffNumber: '9' }],
    });
    expect(await metricsOf('hal@acme.test')).toMatchObject({ Status: 'offline', LastOnlineTimestamp: 0 });
    clock.set(T0 + 120_000);
    await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: 'hal@acme.test', Status: 'free' }],
    });
    expect(await metricsOf('hal@acme.test')).toMatchObject({
      Status: 'free',
      LastOnlineTimestamp: (T0 + 120_000) / 1000,
    });
  });

  it('refuses more than 10 items, and nothing is set', async () => {
    const items = Array.from({ length: 11 }, () => ({ StaffUserId: AGENT3, Status: 'free' }));
    expect(await errorCodeOf(sdk.SetStaffStatus({ SdkAppId: ACME_APP, StaffStatusList: items }))).toBe(
      'InvalidParameterValue',
    );
    expect((await metricsOf(AGENT3)).Status).toBe('rest');
  });

  it("cannot touch another tenant's agents", async () => {
    expect(
      await errorCodeOf(
        server
          .sdk({ key: OTHER_KEY })
          .SetStaffStatus({ SdkAppId: ACME_APP, StaffStatusList: [{ StaffUserId: AGENT3, Status: 'free' }] }),
      ),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});

describe('engine notifications', () => {
  it('tells the engine when an agent joins or leaves a skill group', async () => {
    notified.length = 0;
    await sdk.BindStaffSkillGroupList({
      SdkAppId: ACME_APP,
      StaffEmail: 'hal@acme.test',
      SkillGroupList: [255],
    });
    await sdk.UnbindStaffSkillGroupList({
      SdkAppId: ACME_APP,
      StaffEmail: 'hal@acme.test',
      SkillGroupList: [255],
    });
    await sdk.ModifyStaff({ SdkAppId: ACME_APP, Email: 'hal@acme.test', SkillGroupIds: [255] });
    expect(notified).toEqual(Array.from({ length: 3 }, () => `${ACME_APP}/hal@acme.test`));
  });

  it('does not bother the engine when the status asked for is the one the agent has', async () => {
    notified.length = 0;
    const answer = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: 'hal@acme.test', Status: 'free' }],
    });
    expect(answer.StaffStatusList[0]).toMatchObject({
      ErrorCode: '',
      Status: 'free',
      PreviousStatus: 'free',
    });
    expect(notified).toEqual([]);
  });
});
