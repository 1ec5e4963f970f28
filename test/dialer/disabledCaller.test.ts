import { describe, expect, it } from 'vitest';
import { APP, CALLERS, startHarness } from './support/engineHarness.ts';

const number = (value: string, state: number) => ({
  number: value,
  state,
  maxConcurrentCalls: null,
  maxCallsPerSecond: null,
});

describe('a caller number out of service', () => {
  it('is never dialed from, and a campaign whose callers are all out of service places no call', async () => {
    const h = await startHarness({
      agents: 3,
      app: { numbers: [number(CALLERS[0]!, 1), number(CALLERS[1]!, 2)] },
    });
    h.addCampaign({ callers: CALLERS }, 40);
    await h.runFor(600);
    const placed = h.events('call:placed');
    expect(placed.length).toBeGreaterThan(5);
    expect(new Set(placed.map((p) => p.caller))).toEqual(new Set([CALLERS[0]]));

    // The operator takes the other number out of service too: once the engine has re-read the
    // application (it does every few seconds), nothing more is placed.
    h.store.updateApplication(APP, { numbers: [number(CALLERS[0]!, 2), number(CALLERS[1]!, 2)] });
    await h.runFor(10);
    const before = h.events('call:placed').length;
    await h.runFor(600);
    expect(h.events('call:placed').length).toBe(before);
    await h.engine.stop();
  });
});
