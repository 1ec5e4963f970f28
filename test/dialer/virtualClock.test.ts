import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/dialer/clock/scaledClock.ts';
import { VirtualClock } from '../../src/dialer/clock/virtualClock.ts';
import { InFlight } from '../../src/dialer/inFlight.ts';

describe('virtual clock', () => {
  it('fires timers in time order, ties in the order they were set', async () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(20, () => fired.push(`c@${clock.now()}`));
    const cancelled = clock.setTimer(15, () => fired.push('x'));
    clock.clearTimer(cancelled);
    await clock.runUntil(1019);
    expect(fired).toEqual(['a@1010']);
    await clock.runUntil(2000);
    expect(fired).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(2000);
  });

  it('runs timers set for the current instant before moving on', async () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimer(5, () => {
      fired.push(clock.now());
      clock.setTimer(0, () => fired.push(clock.now()));
    });
    clock.setTimer(6, () => fired.push(clock.now()));
    await clock.runUntil(10);
    expect(fired).toEqual([5, 5, 6]);
  });

  it('lets pending async work settle before advancing, however many awaits deep', async () => {
    const clock = new VirtualClock(0);
    const work = new InFlight();
    clock.settleWith(() => work.idle());
    const seen: string[] = [];
    const slow = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
      seen.push(`done@${clock.now()}`);
      clock.setTimer(1, () => seen.push(`after@${clock.now()}`));
    };
    clock.setTimer(10, () => work.track(slow()));
    clock.setTimer(11, () => seen.push(`next@${clock.now()}`));
    await clock.runUntil(20);
    // Settled at 10 (not at 11), and its timer joins those already due at 11 after them.
    expect(seen).toEqual(['done@10', 'next@11', 'after@11']);
  });
});

describe('scaled clock', () => {
  it('runs engine time at speed × real time from a persisted origin', () => {
    let real = 1_000_000;
    const clock = scaledClock({
      speed: 60,
      origin: { engineOrigin: 5_000, realOrigin: 999_000 },
      realNow: () => real,
    });
    expect(clock.now()).toBe(5_000 + 1000 * 60);
    real += 500;
    expect(clock.now()).toBe(5_000 + 1500 * 60);
  });
});
