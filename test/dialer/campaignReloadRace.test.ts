/**
 * A campaign re-read while the engine commits one of its own transitions: the read and the
 * transition finish in either order (the store answers them on different connections), and neither
 * may put an older status over a newer one — not even until the next read corrects it.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignTransition } from '../../src/dialer/ports/dialerStore.ts';
import { CampaignStatus } from '../../src/domain/campaign/campaignStatus.ts';
import { MemoryDialerStore } from '../../src/store/memory/memoryDialerStore.ts';
import { type Harness, noAnswer, seedApplication, startHarness, T0 } from './support/engineHarness.ts';

const { Ready, Running, Paused, Terminated } = CampaignStatus;

/** Resolves when the engine reports the campaign in `status`. */
function whenStatus(h: Harness, status: CampaignStatus): Promise<void> {
  return new Promise((resolve) => {
    h.engine.events.on('campaign:status', (e) => {
      if (e.status === status) resolve();
    });
  });
}

/**
 * A store where the engine's transition to `to` is committed only after a reload (an API edit that
 * pokes the engine just then) has read the campaign, and that read is answered only once the engine
 * applied the transition: the reload's answer is older than the status the engine shows.
 */
async function staleReloadAcross(to: CampaignStatus, seed: { startAt?: number; endAt?: number }) {
  const store = new MemoryDialerStore();
  seedApplication(store, { agents: 1 });
  const transition = store.transitionCampaign.bind(store);
  const load = store.loadCampaign.bind(store);
  let armed = false;
  let holdRead = false;
  let readTaken = (): void => {};
  let transitionApplied: Promise<void> = Promise.resolve();
  store.transitionCampaign = async (t: CampaignTransition) => {
    if (!armed || t.to !== to) return transition(t);
    armed = false;
    const taken = new Promise<void>((resolve) => {
      readTaken = resolve;
    });
    holdRead = true;
    h.engine.campaignChanged(t.campaignId);
    await taken;
    return transition(t);
  };
  store.loadCampaign = async (campaignId: number) => {
    const row = await load(campaignId);
    if (!holdRead) return row;
    holdRead = false;
    readTaken();
    await transitionApplied;
    return row;
  };
  const h = await startHarness({ store, script: () => noAnswer(25) });
  transitionApplied = whenStatus(h, to);
  const id = h.addCampaign(seed, 100);
  await h.runTo(11);
  armed = true;
  return { h, id };
}

describe('a reload racing a transition of the engine', () => {
  it('an older read does not put a started campaign back to Ready', async () => {
    const { h, id } = await staleReloadAcross(Running, { startAt: T0 + 12_000 });
    await h.runTo(14);
    expect(h.events('campaign:status').filter((e) => e.campaignId === id)).toEqual([
      expect.objectContaining({ previous: Ready, status: Running }),
    ]);
    expect(h.store.campaign(id).status).toBe(Running);
    expect(h.events('call:placed').length).toBeGreaterThan(0);
  });

  it('an older read does not bring back a campaign terminated at its EndTime', async () => {
    const { h, id } = await staleReloadAcross(Terminated, { endAt: T0 + 12_000 });
    await h.runTo(14);
    expect(h.events('campaign:status').filter((e) => e.campaignId === id)).toEqual([
      expect.objectContaining({ previous: Ready, status: Running }),
      expect.objectContaining({ previous: Running, status: Terminated }),
    ]);
    expect(h.engine.liveCallCount).toBe(0);
  });

  it('a transition committed just before an API Pause does not undo the Pause', async () => {
    const store = new MemoryDialerStore();
    seedApplication(store, { agents: 1 });
    const transition = store.transitionCampaign.bind(store);
    let armed = false;
    let pauseApplied: Promise<void> = Promise.resolve();
    // Ready → Running commits; the API pauses the campaign at once, and the engine applies the
    // Pause before it hears back from its own transition.
    store.transitionCampaign = async (t: CampaignTransition) => {
      const ok = await transition(t);
      if (!armed || t.to !== Running) return ok;
      armed = false;
      store.updateCampaign(t.campaignId, { status: Paused });
      h.engine.campaignChanged(t.campaignId);
      await pauseApplied;
      return ok;
    };
    const h = await startHarness({ store, script: () => noAnswer(25) });
    pauseApplied = whenStatus(h, Paused);
    const id = h.addCampaign({ startAt: T0 + 12_000 }, 100);
    await h.runTo(11);
    armed = true;
    // Past the next sync (15 s), which would read the Pause again.
    await h.runTo(20);
    const statuses = h.events('campaign:status').filter((e) => e.campaignId === id);
    expect(statuses.at(-1)).toMatchObject({ status: Paused });
    expect(statuses.filter((e) => e.previous === Paused)).toEqual([]);
    expect(h.store.campaign(id).status).toBe(Paused);
    expect(h.events('call:placed')).toEqual([]);
  });

  it('a claim that commits while the campaign is paused is undone, and dialed once after Resume', async () => {
    const store = new MemoryDialerStore();
    seedApplication(store, { agents: 1 });
    const claim = store.claimCallees.bind(store);
    let armed = true;
    let pauseApplied: Promise<void> = Promise.resolve();
    // The claim commits; the API pauses the campaign before the engine hears back from it.
    store.claimCallees = async (c) => {
      const placed = await claim(c);
      if (!armed || placed.length === 0) return placed;
      armed = false;
      store.updateCampaign(c.campaignId, { status: Paused });
      h.engine.campaignChanged(c.campaignId);
      await pauseApplied;
      return placed;
    };
    const h = await startHarness({ store, script: () => noAnswer(25) });
    pauseApplied = whenStatus(h, Paused);
    const id = h.addCampaign({ retryTimes: 0 }, 1);
    await h.runTo(20);
    expect(h.events('call:placed')).toEqual([]);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'pending', attempts: 0, currentSessionId: null });
    expect(h.store.sessions(id)).toEqual([]);
    store.updateCampaign(id, { status: Running });
    h.engine.campaignChanged(id);
    await h.runTo(60);
    expect(h.events('call:placed').map((e) => [e.calleeSeq, e.attempt])).toEqual([[0, 1]]);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'finished', attempts: 1 });
  });
});
