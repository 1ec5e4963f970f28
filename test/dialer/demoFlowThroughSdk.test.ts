import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/dialer/clock/virtualClock.ts';
import { ACME_APP, startTestServer, type TestServer } from '../support/testServer.ts';

/**
 * Issue 9, point 1: the demo as a user drives it through the official SDK — a campaign created with
 * StartTime now is dialed by the engine on simulated telephony, agents take the calls, and it
 * completes. The engine runs on a virtual clock that the test moves, so nothing sleeps.
 */
describe('the demo flow through the official SDK', () => {
  let server: TestServer;
  let clock: VirtualClock;
  const start = Date.UTC(2026, 10, 25, 9, 0, 0);

  beforeAll(async () => {
    clock = new VirtualClock(start);
    server = await startTestServer({}, { clock, dialing: true });
    clock.settleWith(() => server.runtime.engine.idle());
  });
  afterAll(async () => server.close());

  const runMinutes = async (minutes: number) => {
    for (let m = 0; m < minutes; m++) await clock.runFor(60_000);
  };

  it('dials a new campaign at once, records every attempt, and completes it', async () => {
    const sdk = server.sdk();
    const now = Math.floor(clock.now() / 1000);
    const callees = Array.from({ length: 30 }, (_, i) => `+86130000${String(10000 + i)}`);
    const { CampaignId } = await sdk.CreatePredictiveDialingCampaign({
      SdkAppId: ACME_APP,
      Name: 'Demo through the SDK',
      Callees: callees,
      Callers: ['0086075586013388'],
      CallOrder: 1,
      SkillGroupId: 255,
      IVRId: 4600,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryTimes: 1,
      RetryInterval: 60,
      StartTime: now,
      EndTime: now + 86_400,
      UUI: 'demo-uui',
      Variables: [{ Key: 'product', Value: 'SUV' }],
    });

    await runMinutes(2);
    const running = await sdk.DescribePredictiveDialingCampaigns({
      SdkAppId: ACME_APP,
      PageSize: 10,
      PageNumber: 0,
    });
    expect(running.CampaignList[0]).toMatchObject({ CampaignId, Status: 1 });
    const early = await sdk.DescribePredictiveDialingSessions({
      SdkAppId: ACME_APP,
      CampaignId,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(early.TotalCount).toBeGreaterThan(0);

    await runMinutes(120);
    const done = await sdk.DescribePredictiveDialingCampaigns({
      SdkAppId: ACME_APP,
      PageSize: 10,
      PageNumber: 0,
    });
    expect(done.CampaignList[0]).toMatchObject({
      CampaignId,
      Status: 4,
      StatusReason: 0,
      CalleeCount: 30,
      FinishedCalleeCount: 30,
    });

    const sessions = await sdk.DescribePredictiveDialingSessions({
      SdkAppId: ACME_APP,
      CampaignId,
      PageSize: 1000,
      PageNumber: 0,
    });
    // Each callee is tried once, and once more at most (RetryTimes 1).
    expect(sessions.TotalCount).toBeGreaterThanOrEqual(30);
    expect(sessions.TotalCount).toBeLessThanOrEqual(60);

    const cdr = await sdk.DescribeTelCdr({
      SdkAppId: ACME_APP,
      StartTimeStamp: now - 60,
      EndTimeStamp: now + 86_400,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(cdr.TotalCount).toBe(sessions.TotalCount);
    const rows = cdr.TelCdrList as Array<Record<string, any>>;
    for (const row of rows) {
      expect(row.CallType).toBe(5);
      expect(row.Caller).toBe('0086075586013388');
      expect(callees).toContain(row.Callee);
      expect(row.UUI).toBe('demo-uui');
      expect(row.EndedTimestamp).toBeGreaterThanOrEqual(row.StartTimestamp);
    }
    const connected = rows.filter((r) => r.EndStatus === 1);
    expect(connected.length).toBeGreaterThan(0);
    for (const row of connected) {
      expect(row.SeatUser?.Mail).toMatch(/@1400000000\.sim$/);
      expect(row.AcceptTimestamp).toBeGreaterThan(0);
    }

    const metrics = await sdk.DescribeStaffStatusMetrics({ SdkAppId: ACME_APP });
    const busySeconds = (metrics.Metrics as Array<{ BusyDuration: number }>).reduce(
      (s, m) => s + m.BusyDuration,
      0,
    );
    expect(busySeconds).toBeGreaterThan(0);
  });

  it('gives no calls to an agent set to rest', async () => {
    const sdk = server.sdk();
    const result = await sdk.SetStaffStatus({
      SdkAppId: ACME_APP,
      StaffStatusList: [
        { StaffUserId: 'agent1@1400000000.sim', Status: 'rest', Reason: 'lunch' },
        { StaffUserId: 'agent2@1400000000.sim', Status: 'notReady', Reason: 'training' },
      ],
    });
    expect(result.StaffStatusList.every((s: { ErrorCode: string }) => s.ErrorCode === '')).toBe(true);
    const now = Math.floor(clock.now() / 1000);
    const { CampaignId } = await sdk.CreatePredictiveDialingCampaign({
      SdkAppId: ACME_APP,
      Name: 'Only agent3 works',
      Callees: Array.from({ length: 20 }, (_, i) => `+86131000${String(10000 + i)}`),
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 1,
      ExpectedAbandonRate: 10,
      RetryInterval: 60,
      StartTime: now,
      EndTime: now + 86_400,
    });
    await runMinutes(90);
    const cdr = await sdk.DescribeTelCdr({
      SdkAppId: ACME_APP,
      StartTimeStamp: now,
      EndTimeStamp: now + 86_400,
      PageSize: 100,
      PageNumber: 0,
    });
    const mine = (cdr.TelCdrList as Array<Record<string, any>>).filter((r) => r.EndStatus === 1);
    expect(mine.length).toBeGreaterThan(0);
    for (const row of mine) expect(row.SeatUser.Mail).toBe('agent3@1400000000.sim');
    const status = await sdk.DescribePredictiveDialingCampaign({ SdkAppId: ACME_APP, CampaignId });
    expect(status.CampaignId).toBe(CampaignId);
  });
});
