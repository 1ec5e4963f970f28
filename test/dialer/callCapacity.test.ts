/**
 * Calls per second across a change of limit (the operator edits the application or a number while
 * its campaigns dial): the calls just placed count against the new limit, so no one-second window
 * ever holds more starts than the limit in force at its end.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationRun } from '../../src/dialer/applicationRun.ts';
import type { CallCapacity } from '../../src/dialer/callCapacity.ts';
import type { ApplicationSettings } from '../../src/dialer/ports/dialerStore.ts';

const NUMBER = '+861000';

const settings = (appPerSecond: number | null, numberPerSecond: number | null): ApplicationSettings => ({
  sdkAppId: 1400000000,
  abandonRateCeiling: null,
  abandonQuietSeconds: null,
  maxConcurrentCalls: null,
  maxCallsPerSecond: appPerSecond,
  wrapUpSeconds: null,
  numbers: [{ number: NUMBER, state: 1, maxConcurrentCalls: null, maxCallsPerSecond: numberPerSecond }],
  ivrs: [],
});

type Limit = number | null;

/** The most calls a limit lets start in one window (one for a rate below one a second)... */
const perWindow = (limit: number): number => Math.max(1, Math.floor(limit));
/** ...and that window, ms: a second, or longer below one a second (2 s at 0.5 a second). */
const windowOf = (limit: number): number => (1000 * perWindow(limit)) / limit;

/**
 * Places as many calls as the capacity lets through every 10 ms for 4 s (at most 3 at once),
 * with the limit changed from `before` to `after` at 1.51 s; returns the start times.
 */
function placeAcrossChange(
  capacityOf: (app: ApplicationRun) => CallCapacity,
  settingsFor: (limit: Limit) => ApplicationSettings,
  before: Limit,
  after: number,
): number[] {
  const app = new ApplicationRun(settingsFor(before));
  const starts: number[] = [];
  for (let now = 0; now <= 4000; now += 10) {
    if (now === 1510) app.update(settingsFor(after));
    const capacity = capacityOf(app);
    const n = Math.min(3, capacity.available(now));
    capacity.take(now, n);
    for (let i = 0; i < n; i++) starts.push(now);
  }
  return starts;
}

/** The most starts in any window (t - windowMs, t] ending at or after `from`. */
function busiest(starts: readonly number[], from: number, windowMs = 1000): number {
  let most = 0;
  for (const end of starts) {
    if (end < from) continue;
    most = Math.max(most, starts.filter((s) => s > end - windowMs && s <= end).length);
  }
  return most;
}

const CHANGES: ReadonlyArray<readonly [string, Limit, number]> = [
  ['lowered', 10, 4],
  ['raised', 2, 10],
  ['set where there was none', null, 5],
  ['lowered below one a second', 5, 0.5],
];

describe('a calls-per-second limit changed mid-second', () => {
  for (const [what, before, after] of CHANGES) {
    it(`of the application, ${what} (${before} → ${after}): no second holds more than the limit`, () => {
      const starts = placeAcrossChange(
        (app) => app.capacity,
        (limit) => settings(limit, null),
        before,
        after,
      );
      // Each second up to the change was dialed at the old limit...
      if (before !== null)
        expect(
          busiest(
            starts.filter((s) => s < 1510),
            0,
          ),
        ).toBe(perWindow(before));
      // ...and no window that reaches past it holds more than the new one, old calls included.
      expect(busiest(starts, 1510, windowOf(after))).toBeLessThanOrEqual(perWindow(after));
      // The new limit is reached all the same (not a stall).
      expect(busiest(starts, 3000, windowOf(after))).toBe(perWindow(after));
    });
  }

  it("of a caller number, lowered (10 → 3): the number's calls just placed count", () => {
    const starts = placeAcrossChange(
      (app) => app.callerCapacity(NUMBER),
      (limit) => settings(null, limit),
      10,
      3,
    );
    expect(
      busiest(
        starts.filter((s) => s < 1510),
        0,
      ),
    ).toBe(10);
    expect(busiest(starts, 1510)).toBeLessThanOrEqual(3);
    expect(busiest(starts, 3000)).toBe(3);
  });

  it('set where there was none: counts the calls of the last second, and no older ones', () => {
    const app = new ApplicationRun(settings(null, null));
    app.capacity.take(0, 3);
    app.capacity.take(600, 2);
    app.update(settings(5, null));
    // At 1 s the three calls of 0 ms are a second old: only the two of 600 ms count.
    expect(app.capacity.available(1000)).toBe(3);
    expect(app.capacity.available(1600)).toBe(5);
  });

  it('set where there was none, across other changes without one: still counts the last second', () => {
    const app = new ApplicationRun(settings(null, null));
    app.capacity.take(500, 4);
    app.update({ ...settings(null, null), maxConcurrentCalls: 50 });
    app.update(settings(5, null));
    expect(app.capacity.available(1000)).toBe(1);
    expect(app.capacity.available(1500)).toBe(5);
  });

  it('set again after a spell without one: the calls under the old limit are not forgotten', () => {
    const app = new ApplicationRun(settings(3, null));
    app.capacity.take(0, 3);
    app.update(settings(null, null));
    app.capacity.take(200, 4);
    app.update(settings(10, null));
    // Seven calls in the last second, three of them from before the spell, whose times were not
    // kept: they count as late as the last of them (0 ms here), and the free slots with them, so
    // none of the ten is free until those three are a second old. Later only delays; it is safe.
    expect(app.capacity.available(300)).toBe(0);
    expect(app.capacity.available(1000)).toBe(6);
    expect(app.capacity.available(1200)).toBe(10);
  });

  it('set where there was none, long after the last calls: those over a second old are forgotten', () => {
    const app = new ApplicationRun(settings(null, null));
    app.capacity.take(0, 3);
    app.capacity.take(1500, 1);
    app.update(settings(5, null));
    expect(app.capacity.available(1500)).toBe(4);
  });

  it('set below one a second where there was none: the last call counts for the whole window', () => {
    const app = new ApplicationRun(settings(null, null));
    app.capacity.take(0, 2);
    app.update(settings(0.5, null));
    // One call every two seconds: the next may start two seconds after the last one.
    expect(app.capacity.available(1500)).toBe(0);
    expect(app.capacity.available(2000)).toBe(1);
  });

  it('keeps the live calls counted against the concurrent limit', () => {
    const app = new ApplicationRun({ ...settings(null, null), maxConcurrentCalls: 5 });
    app.capacity.take(0, 4);
    app.update({ ...settings(null, null), maxConcurrentCalls: 6 });
    expect(app.capacity.liveCalls).toBe(4);
    expect(app.capacity.available(10)).toBe(2);
  });
});
