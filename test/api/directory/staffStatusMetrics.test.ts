import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffStatus } from '../../../src/domain/staff/staffStatus.ts';
import { setStaffStatus } from '../../../src/store/directory/staffStatusStore.ts';
import { errorCodeOf } from '../../support/sdk.ts';
import { ACME_APP, OTHER_KEY, startTestServer, type TestServer } from '../../support/testServer.ts';
import { manualClock } from './manualClock.ts';

const DAY = Date.UTC(2025, 2, 10);
const H = 3_600_000;
const M = 60_000;
// The server (and its simulated agents, logged in free) starts at 08:00; "now" is noon.
const clock = manualClock(DAY + 8 * H);
const NOON = DAY + 12 * H;
const IRIS = 'iris@acme.test';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  await server.sdk().CreateStaff({
    SdkAppId: ACME_APP,
    Staffs: [{ Name: 'Iris', Mail: IRIS, StaffNumber: '7', SkillGroupNameList: ['Outbound sales'] }],
  });
  // Iris's day, written through the store with backdated times: the status she was in at
  // midnight is carried over from the evening before.
  const day: [number, StaffStatus, string][] = [
    [DAY - 1 * H, 'free', ''],
    [DAY + 1 * H, 'busy', ''],
    [DAY + 1 * H + 10 * M, 'afterCallWork', ''],
    [DAY + 1 * H + 11 * M, 'free', ''],
    [DAY + 2 * H, 'rest', 'lunch'],
    [DAY + 3 * H, 'notReady', 'meeting'],
    [DAY + 4 * H, 'offline', ''],
    [DAY + 10 * H, 'free', ''],
  ];
  for (const [at, status, reason] of day) {
    await setStaffStatus(server.runtime.database.db, { sdkAppId: ACME_APP, mail: IRIS, status, reason, at });
  }
  // A row stamped after "now" (a clock set back) counts for nothing.
  await server.runtime.database.db
    .insertInto('staff_status_log')
    .values({ sdk_app_id: ACME_APP, mail: IRIS, status: 'busy', reason: '', at: NOON + H })
    .execute();
  clock.set(NOON);
});
afterAll(async () => {
  await server.close();
});

const metrics = (request: Record<string, unknown> = {}) =>
  server.sdk().DescribeStaffStatusMetrics({ SdkAppId: ACME_APP, ...request });

describe('DescribeStaffStatusMetrics', () => {
  it("sums today's time in each status, in seconds, from the status log", async () => {
    const { Metrics } = await metrics({ StaffList: [IRIS] });
    expect(Metrics).toHaveLength(1);
    expect(Metrics[0]).toMatchObject({
      Email: IRIS,
      Status: 'free',
      Reason: '',
      FreeDuration: (1 * H + 49 * M + 2 * H) / 1000,
      BusyDuration: (10 * M) / 1000,
      AfterCallWorkDuration: (1 * M) / 1000,
      RestDuration: H / 1000,
      NotReadyDuration: H / 1000,
      OnlineDuration: (6 * H) / 1000,
      LastOnlineTimestamp: (DAY + 10 * H) / 1000,
      LastStatusTimestamp: (DAY + 10 * H) / 1000,
      ReserveRest: false,
      ReserveNotReady: false,
    });
  });

  it('counts agents logged in at start-up from then on', async () => {
    const { Metrics } = await metrics({ StaffList: ['agent1@1400000000.sim'] });
    expect(Metrics[0]).toMatchObject({ Status: 'free', FreeDuration: 4 * 3600, OnlineDuration: 4 * 3600 });
  });

  it('starts a new day at UTC midnight, in the status in force then', async () => {
    // By 00:30 the next day, the row stamped 13:00 (busy) is the last one before midnight.
    clock.set(DAY + 24 * H + 30 * M);
    try {
      const { Metrics } = await metrics({ StaffList: [IRIS] });
      expect(Metrics[0]).toMatchObject({ BusyDuration: 30 * 60, OnlineDuration: 30 * 60, FreeDuration: 0 });
    } finally {
      clock.set(NOON);
    }
  });

  it('lists every agent of the application by default, and filters by agent, group and status', async () => {
    const all = (await metrics()).Metrics.map((m: { Email: string }) => m.Email);
    expect(all).toEqual(['agent1@1400000000.sim', 'agent2@1400000000.sim', 'agent3@1400000000.sim', IRIS]);
    await server.sdk().SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [{ StaffUserId: 'agent2@1400000000.sim', Status: 'rest' }],
    });
    const free = (await metrics({ StatusList: ['FREE'] })).Metrics.map((m: { Email: string }) => m.Email);
    expect(free).toEqual(['agent1@1400000000.sim', 'agent3@1400000000.sim', IRIS]);
    const resting = await metrics({ StatusList: ['rest', 'notready'], GroupIdList: [255] });
    expect(resting.Metrics.map((m: { Email: string }) => m.Email)).toEqual(['agent2@1400000000.sim']);
    expect((await metrics({ GroupIdList: [900] })).Metrics).toEqual([]);
  });

  it('takes an empty StatusList, like an empty StaffList or GroupIdList, as no filter', async () => {
    const emails = async (request: Record<string, unknown>) =>
      (await metrics(request)).Metrics.map((m: { Email: string }) => m.Email);
    const all = await emails({});
    expect(all).toHaveLength(4);
    expect(await emails({ StatusList: [] })).toEqual(all);
    expect(await emails({ StaffList: [], GroupIdList: [], StatusList: [] })).toEqual(all);
  });

  it('refuses an unknown status, and keeps tenants apart', async () => {
    expect(await errorCodeOf(metrics({ StatusList: ['free', 'lunch'] }))).toBe('InvalidParameterValue');
    expect(
      await errorCodeOf(server.sdk({ key: OTHER_KEY }).DescribeStaffStatusMetrics({ SdkAppId: ACME_APP })),
    ).toBe('InvalidParameterValue.InstanceNotExist');
  });
});
