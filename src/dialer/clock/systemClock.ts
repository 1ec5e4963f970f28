import type { Clock, TimerHandle } from '../../domain/clock.ts';

/** The real clock. */
export function systemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimer(delayMs, fn) {
      const id = nextId++;
      timers.set(
        id,
        setTimeout(
          () => {
            timers.delete(id);
            fn();
          },
          Math.max(0, delayMs),
        ),
      );
      return { id };
    },
    clearTimer(handle: TimerHandle) {
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}
