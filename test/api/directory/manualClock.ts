import type { Clock } from '../../../src/domain/clock.ts';

/** A business clock the test moves by hand; nothing here schedules timers. */
export function manualClock(start: number): Clock & { set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
    setTimer: () => ({ id: 0 }),
    clearTimer: () => {},
  };
}
