import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/dialer/clock/virtualClock.ts';
import { MemoryDialerStore } from '../../src/store/memory/memoryDialerStore.ts';
import { answered, noAnswer, seedApplication, startHarness, T0 } from './support/engineHarness.ts';

describe('scheduling across campaigns', () => {
  it('a priority-1 campaign gets the shared agents before a priority-2 one', async () => {
    const h = await startHarness({ agents: 2, script: () => answered(2, 50) });
    const low = h.addCampaign({ priority: 2 }, 10);
    const high = h.addCampaign({ priority: 1 }, 3);
    await h.runTo(0.25);
    // Both agents' calls go to the high-priority campaign.
    expect(h.events('call:placed').map((e) => e.campaignId)).toEqual([high, high]);
    await h.runTo(3600);
    const placed = h.events('call:placed').map((e) => e.campaignId);
    // The low-priority campaign dials only once the high one has no callee left.
    expect(placed.slice(0, 3)).toEqual([high, high, high]);
    expect(placed.slice(3).every((c) => c === low)).toBe(true);
  });

  it('campaigns of equal priority share the agents in turn', async () => {
    const h = await startHarness({ agents: 1, script: () => answered(1, 10) });
    const a = h.addCampaign({ priority: 3 }, 10);
    const b = h.addCampaign({ priority: 3 }, 10);
    await h.runTo(600);
    const placed = h.events('call:placed').map((e) => e.campaignId);
    const countA = placed.filter((c) => c === a).length;
    const countB = placed.filter((c) => c === b).length;
    expect(countA + countB).toBeGreaterThanOrEqual(10);
    expect(Math.abs(countA - countB)).toBeLessThanOrEqual(1);
  });

  it('places no call outside AvailableTime in the campaign time zone, across a DST change', async () => {
    // Saturday 2025-03-08 12:00 UTC; New York moves to EDT at 2025-03-09 07:00 UTC.
    const start = Date.UTC(2025, 2, 8, 12);
    const store = new MemoryDialerStore();
    seedApplication(store, { agents: 1 });
    const h = await startHarness({ store, clock: new VirtualClock(start), script: () => noAnswer(25) });
    const id = store.addCampaign(
      {
        sdkAppId: 1400000000,
        skillGroupId: 255,
        callers: ['+861000'],
        startAt: start,
        endAt: start + 3 * 86_400_000,
        timeZone: 'America/New_York',
        availableTime: [{ StartTime: '09:00:00', EndTime: '10:00:00' }],
        retryTimes: 2,
        retryIntervalSeconds: 60,
      },
      Array.from({ length: 200 }, (_, i) => ({ number: `+1212555${String(i).padStart(4, '0')}` })),
    );
    h.engine.campaignChanged(id);
    await h.clock.runUntil(start + 2 * 86_400_000);
    const starts = store.sessions(id).map((s) => s.startTs);
    expect(starts.length).toBeGreaterThan(0);
    const localHour = (t: number) =>
      Number(
        new Intl.DateTimeFormat('en-US', {
          timeZone: 'America/New_York',
          hour: 'numeric',
          hourCycle: 'h23',
        }).format(t),
      );
    expect(starts.every((t) => localHour(t) === 9)).toBe(true);
    // Saturday the window opens at 14:00 UTC (EST), Sunday at 13:00 UTC (EDT).
    const saturday = starts.filter((t) => t < Date.UTC(2025, 2, 9));
    const sunday = starts.filter((t) => t >= Date.UTC(2025, 2, 9));
    expect(Math.min(...saturday)).toBe(Date.UTC(2025, 2, 8, 14));
    expect(Math.min(...sunday)).toBe(Date.UTC(2025, 2, 9, 13));
    expect(Math.max(...sunday)).toBeLessThan(Date.UTC(2025, 2, 9, 14));
  });
});

describe('recovery after a crash', () => {
  it('closes sessions left open with a system end status and never places an attempt twice', async () => {
    const store = new MemoryDialerStore();
    seedApplication(store, { agents: 2 });
    const clock = new VirtualClock(T0);
    const outcomes = [answered(2, 600), answered(3, 600), noAnswer(25)];
    const script = (r: { callee: string }) => outcomes[Number(r.callee.slice(-3))];
    const first = await startHarness({ store, clock, script });
    const id = first.addCampaign({ retryTimes: 1, retryIntervalSeconds: 60 }, 3);
    // 2.5 s in: callee 0 talks to an agent, callee 1 and 2 ring.
    await clock.runUntil(T0 + 2500);
    expect(store.sessions(id).map((s) => s.sessionStatus)).toEqual(['inProgress', 'ringing']);
    // The process dies: no stop(), the network's calls vanish with it.
    await first.telephony.close();
    clock.settleWith(() => undefined);

    await clock.runUntil(T0 + 60_000);
    const second = await startHarness({ store, clock, script: () => answered(1, 5) });
    expect(second.events('engine:started')[0]!.recoveredSessions).toBe(2);
    const [talking, ringing] = store.sessions(id);
    expect(talking).toMatchObject({ endStatus: 1, hungUpSide: 'system', endedTs: T0 + 60_000 });
    expect(ringing).toMatchObject({ endStatus: 208, hungUpSide: 'system', endedTs: T0 + 60_000 });
    // The connected callee is finished; the ringing one is due again, its next attempt numbered 2.
    expect(store.callee(id, 0)).toMatchObject({ state: 'finished', attempts: 1 });
    expect(store.callee(id, 1)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 120_000 });
    // The agent left busy is free again.
    expect(store.agent(1400000000, 'agent1@acme.test')!.status).toBe('free');

    await clock.runUntil(T0 + 600_000);
    const attempts = store.sessions(id).map((s) => `${s.calleeSeq}/${s.attempt}`);
    expect(new Set(attempts).size).toBe(attempts.length);
    expect(attempts.sort()).toEqual(['0/1', '1/1', '1/2', '2/1']);
    expect(store.campaign(id)).toMatchObject({ status: 4, finishedCalleeCount: 3 });
  });

  it('a crashed attempt that was the last allowed is not retried', async () => {
    const store = new MemoryDialerStore();
    seedApplication(store, { agents: 1 });
    const clock = new VirtualClock(T0);
    const first = await startHarness({ store, clock, script: () => noAnswer(25) });
    const id = first.addCampaign({ retryTimes: 0 }, 1);
    await clock.runUntil(T0 + 1000);
    await first.telephony.close();
    clock.settleWith(() => undefined);
    const second = await startHarness({ store, clock });
    await second.runTo(600);
    expect(store.sessions(id)).toHaveLength(1);
    expect(store.callee(id, 0)).toMatchObject({ state: 'finished', attempts: 1, lastEndStatus: 208 });
    expect(store.campaign(id).status).toBe(4);
  });
});
