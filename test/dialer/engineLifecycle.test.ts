import { describe, expect, it } from 'vitest';
import { CampaignStatus } from '../../src/domain/campaign/campaignStatus.ts';
import { answered, noAnswer, startHarness, T0 } from './support/engineHarness.ts';

describe('campaign lifecycle by the clock', () => {
  it('a ready campaign starts at its StartTime, not before', async () => {
    const h = await startHarness({ script: () => answered(5, 30) });
    const id = h.addCampaign({ startAt: T0 + 60_000 }, 1);
    await h.runTo(59.9);
    expect(h.store.campaign(id).status).toBe(CampaignStatus.Ready);
    expect(h.events('call:placed')).toHaveLength(0);
    await h.runTo(60.25);
    expect(h.store.campaign(id).status).toBe(CampaignStatus.Running);
    expect(h.events('call:placed').map((e) => e.at)).toEqual([T0 + 60_000]);
  });

  it('completes when every callee is finished', async () => {
    const h = await startHarness({ agents: 2, script: () => answered(2, 10) });
    const id = h.addCampaign({}, 3);
    await h.runTo(600);
    const c = h.store.campaign(id);
    expect(c.status).toBe(CampaignStatus.Completed);
    expect(c.statusReason).toBe(0);
    expect(c.finishedCalleeCount).toBe(3);
    expect(h.events('campaign:status').map((e) => e.status)).toEqual([
      CampaignStatus.Running,
      CampaignStatus.Completed,
    ]);
  });

  it('terminates at EndTime with StatusReason 2 and cancels calls still ringing (209, system)', async () => {
    const h = await startHarness({ agents: 1, script: () => noAnswer(25) });
    const id = h.addCampaign({ endAt: T0 + 10_000, retryTimes: 2 }, 2);
    await h.runTo(60);
    const c = h.store.campaign(id);
    expect(c.status).toBe(CampaignStatus.Terminated);
    expect(c.statusReason).toBe(2);
    const sessions = h.store.sessions(id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ endStatus: 209, hungUpSide: 'system', endedTs: T0 + 10_000 });
    expect(h.events('call:placed')).toHaveLength(1);
  });

  it('a ready campaign past its EndTime is terminated without a call', async () => {
    const h = await startHarness();
    const id = h.addCampaign({ startAt: T0 + 3_600_000, endAt: T0 + 1000 }, 1);
    await h.runTo(5);
    expect(h.store.campaign(id)).toMatchObject({ status: CampaignStatus.Terminated, statusReason: 2 });
    expect(h.events('call:placed')).toHaveLength(0);
  });

  it('pause stops new calls at once while calls in progress finish; resume continues', async () => {
    const h = await startHarness({ agents: 1, script: () => answered(5, 60) });
    const id = h.addCampaign({}, 3);
    await h.runTo(10);
    expect(h.events('call:connected')).toHaveLength(1);
    h.store.updateCampaign(id, { status: CampaignStatus.Paused });
    h.engine.campaignChanged(id);
    await h.runTo(600);
    // The first call was talked to the end, and nothing else was dialed.
    expect(h.events('call:ended')).toHaveLength(1);
    expect(h.events('call:ended')[0]).toMatchObject({ endStatus: 1 });
    expect(h.events('call:placed')).toHaveLength(1);
    h.store.updateCampaign(id, { status: CampaignStatus.Running });
    h.engine.campaignChanged(id);
    await h.runTo(601);
    expect(h.events('call:placed')).toHaveLength(2);
    expect(h.events('call:placed')[1]!.at).toBe(T0 + 600_000);
  });

  it('Abort cancels the calls still ringing with 209, HungUpSide system; answered calls go on', async () => {
    const h = await startHarness({
      agents: 2,
      script: (r) => (r.callee.endsWith('000') ? answered(2, 100) : noAnswer(25)),
    });
    const id = h.addCampaign({}, 2);
    await h.runTo(10);
    h.store.updateCampaign(id, { status: CampaignStatus.Terminated, statusReason: 1 });
    h.engine.campaignChanged(id);
    await h.runTo(11);
    const ringing = h.store.sessions(id).find((s) => s.calleeSeq === 1)!;
    expect(ringing).toMatchObject({ endStatus: 209, hungUpSide: 'system', endedTs: T0 + 10_000 });
    const talking = h.store.sessions(id).find((s) => s.calleeSeq === 0)!;
    expect(talking.endedTs).toBeNull();
    await h.runTo(200);
    expect(h.store.session(talking.sessionId)).toMatchObject({ endStatus: 1 });
    expect(h.events('call:placed')).toHaveLength(2);
  });
});
