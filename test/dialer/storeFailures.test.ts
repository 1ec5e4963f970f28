/**
 * The store failing under the engine (a locked SQLite, a dropped PostgreSQL connection): once the
 * store answers again the engine carries on as if nothing happened — every session closed, every
 * callee finished, every agent free — and nothing runs after stop().
 */
import { describe, expect, it } from 'vitest';
import type {
  AgentStatusChange,
  AttemptEnd,
  CalleeClaim,
  ClaimWithdrawal,
} from '../../src/dialer/ports/dialerStore.ts';
import { CampaignStatus } from '../../src/domain/campaign/campaignStatus.ts';
import { MemoryDialerStore } from '../../src/store/memory/memoryDialerStore.ts';
import { APP, answered, seedApplication, startHarness, T0 } from './support/engineHarness.ts';

const MAIL = 'agent1@acme.test';

/** A store whose next `times` calls of one write fail before reaching it. */
function failingStore(write: 'finishAttempt' | 'setAgentStatus', times: number, when = (_: unknown) => true) {
  const store = new MemoryDialerStore();
  seedApplication(store, { agents: 1 });
  let failures = times;
  if (write === 'finishAttempt') {
    const finish = store.finishAttempt.bind(store);
    store.finishAttempt = async (end: AttemptEnd) => {
      if (failures > 0 && when(end)) {
        failures--;
        throw new Error('SQLITE_BUSY: database is locked');
      }
      return finish(end);
    };
  } else {
    const set = store.setAgentStatus.bind(store);
    store.setAgentStatus = async (change: AgentStatusChange) => {
      if (failures > 0 && when(change)) {
        failures--;
        throw new Error('Connection terminated unexpectedly');
      }
      return set(change);
    };
  }
  return store;
}

/**
 * A store whose first claim commits and then fails, as when a PostgreSQL connection drops after
 * COMMIT was sent; `withdrawFails` makes undoing it fail too (the database still down).
 */
function claimCommittedThenFailed(withdrawFails = false) {
  const store = new MemoryDialerStore();
  seedApplication(store, { agents: 1 });
  const claim = store.claimCallees.bind(store);
  let failures = 1;
  store.claimCallees = async (c: CalleeClaim) => {
    const placed = await claim(c);
    if (failures > 0 && placed.length > 0) {
      failures--;
      throw new Error('Connection terminated unexpectedly');
    }
    return placed;
  };
  if (withdrawFails) {
    store.withdrawClaim = async (_: ClaimWithdrawal) => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
  }
  return store;
}

describe('the engine when the store fails', () => {
  it("retries a call's outcome until it is written, the agent kept on it meanwhile", async () => {
    const store = failingStore('finishAttempt', 3);
    const h = await startHarness({ store, script: () => answered(1, 20) });
    const id = h.addCampaign({}, 2);
    // The first call ends at 21 s; its outcome is refused three times (retried after 1, 2, 4 s).
    await h.runTo(24);
    expect(h.store.sessions(id)[0]!.endedTs).toBeNull();
    expect(h.store.agent(APP, MAIL)!.status).toBe('busy');
    expect(h.events('call:placed')).toHaveLength(1);
    await h.runTo(3600);
    expect(h.events('engine:error').map((e) => e.context)).toEqual([
      'finish attempt',
      'finish attempt',
      'finish attempt',
    ]);
    expect(h.store.sessions(id).map((s) => [s.calleeSeq, s.endStatus])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(h.store.callees(id).map((c) => c.state)).toEqual(['finished', 'finished']);
    expect(h.store.agent(APP, MAIL)!.status).toBe('free');
    expect(h.engine.liveCallCount).toBe(0);
    await h.engine.stop();
  });

  it("retries an agent's wrap-up until it is written, and frees the agent after it", async () => {
    const store = failingStore(
      'setAgentStatus',
      2,
      (c) => (c as AgentStatusChange).status === 'afterCallWork',
    );
    const h = await startHarness({ store, script: () => answered(1, 20) });
    const id = h.addCampaign({}, 2);
    await h.runTo(3600);
    expect(h.events('engine:error').map((e) => e.context)).toEqual(['agent status', 'agent status']);
    expect(h.store.callees(id).map((c) => c.state)).toEqual(['finished', 'finished']);
    expect(h.store.agent(APP, MAIL)!.status).toBe('free');
    await h.engine.stop();
  });

  it('puts a waiting call through to the agent again when its busy could not be written', async () => {
    const store = failingStore('setAgentStatus', 1, (c) => (c as AgentStatusChange).status === 'busy');
    const h = await startHarness({ store, script: () => answered(1, 20) });
    const id = h.addCampaign({ retryTimes: 0 }, 3);
    await h.runTo(3600);
    expect(h.events('engine:error')).toHaveLength(1);
    expect(h.events('call:connected')).toHaveLength(3);
    expect(h.store.sessions(id).map((s) => s.endStatus)).toEqual([1, 1, 1]);
    expect(h.store.agent(APP, MAIL)!.status).toBe('free');
    expect(h.engine.liveCallCount).toBe(0);
    await h.engine.stop();
  });

  it('undoes a claim that committed but failed: the callee pending as before, dialed once later', async () => {
    const h = await startHarness({ store: claimCommittedThenFailed(), script: () => answered(1, 20) });
    const id = h.addCampaign({}, 2);
    // The claim at 0 s fails; the next comes after the dry back-off (1 s).
    await h.runTo(0.5);
    expect(h.events('engine:error').map((e) => e.context)).toEqual(['claimCallees']);
    expect(h.events('call:placed')).toEqual([]);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'pending', attempts: 0, currentSessionId: null });
    expect(h.store.sessions(id)).toEqual([]);
    expect(await h.store.listOpenSessions()).toEqual([]);
    await h.runTo(3600);
    expect(h.events('engine:error')).toHaveLength(1);
    expect(h.events('call:placed').map((e) => [e.calleeSeq, e.attempt])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(h.store.sessions(id).map((s) => [s.calleeSeq, s.attempt, s.endStatus])).toEqual([
      [0, 1, 1],
      [1, 1, 1],
    ]);
    expect(h.store.callees(id).map((c) => [c.state, c.attempts])).toEqual([
      ['finished', 1],
      ['finished', 1],
    ]);
    expect(h.store.campaign(id).status).toBe(CampaignStatus.Completed);
    await h.engine.stop();
  });

  it('leaves a failed claim it cannot undo to recovery, and never dials its callee meanwhile', async () => {
    const h = await startHarness({ store: claimCommittedThenFailed(true), script: () => answered(1, 20) });
    const id = h.addCampaign({}, 2);
    await h.runTo(3600);
    expect(h.events('engine:error').map((e) => e.context)).toEqual(['claimCallees', 'withdrawClaim']);
    expect(h.events('call:placed').map((e) => e.calleeSeq)).toEqual([1]);
    expect(h.store.callee(id, 0)).toMatchObject({ state: 'dialing', attempts: 1 });
    expect((await h.store.listOpenSessions()).map((s) => s.calleeSeq)).toEqual([0]);
    await h.engine.stop();
  });

  it('gives up its retries when it stops, and leaves no timer behind', async () => {
    const store = failingStore('finishAttempt', 1_000);
    const h = await startHarness({ store, script: () => answered(1, 20) });
    h.addCampaign({}, 1);
    await h.runTo(30);
    await h.engine.stop();
    expect(h.clock.nextTimerAt()).toBeUndefined();
  });

  it('arms no wrap-up after stop() for a call whose end was being written when it was called', async () => {
    const h = await startHarness({ agents: 1, script: () => answered(1, 20) });
    h.addCampaign({}, 1);
    await h.runTo(20.5);
    const finish = h.store.finishAttempt.bind(h.store);
    h.store.finishAttempt = async (end) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return finish(end);
    };
    const running = h.runTo(21);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await h.engine.stop();
    await running;
    expect(h.clock.nextTimerAt()).toBeUndefined();
    await h.runTo(120);
    expect(h.events('agent:status').map((e) => [e.status, (e.at - T0) / 1000])).toEqual([
      ['busy', 1],
      ['afterCallWork', 21],
    ]);
  });
});
