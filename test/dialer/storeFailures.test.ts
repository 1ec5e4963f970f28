/**
 * The store failing under the engine (a locked SQLite, a dropped PostgreSQL connection): once the
 * store answers again the engine carries on as if nothing happened — every session closed, every
 * callee finished, every agent free — and nothing runs after stop().
 */
import { describe, expect, it } from 'vitest';
import type { AgentStatusChange, AttemptEnd } from '../../src/dialer/ports/dialerStore.ts';
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
