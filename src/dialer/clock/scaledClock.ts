/**
 * A clock that runs `speed` times faster than real time (CCC_CLOCK_SPEED: 60 = a minute per
 * second), for demos and sped-up tests: engine time = origin + (real − realOrigin) × speed.
 *
 * The origin pair is the caller's to persist (the `meta` table in `serve`): a restart that reuses it
 * continues the same engine timeline instead of jumping back to real time.
 */
import type { Clock, TimerHandle } from '../../domain/clock.ts';

export interface ScaledClockOrigin {
  /** Engine time at `realOrigin`, ms. */
  readonly engineOrigin: number;
  /** Real time, ms. */
  readonly realOrigin: number;
}

export interface ScaledClockOptions {
  readonly speed: number;
  /** Default: engine time = real time now. */
  readonly origin?: ScaledClockOrigin;
  /** Real time source (tests fix it). */
  readonly realNow?: () => number;
}

export interface ScaledClock extends Clock {
  readonly speed: number;
  readonly origin: ScaledClockOrigin;
}

export function scaledClock(options: ScaledClockOptions): ScaledClock {
  const { speed } = options;
  if (!(speed > 0)) throw new RangeError(`clock speed must be > 0 (${speed})`);
  const realNow = options.realNow ?? Date.now;
  const origin = options.origin ?? { engineOrigin: realNow(), realOrigin: realNow() };
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    speed,
    origin,
    now: () => origin.engineOrigin + (realNow() - origin.realOrigin) * speed,
    setTimer(delayMs, fn) {
      const id = nextId++;
      const timeout = setTimeout(
        () => {
          timers.delete(id);
          fn();
        },
        Math.max(0, delayMs / speed),
      );
      timers.set(id, timeout);
      return { id };
    },
    clearTimer(handle: TimerHandle) {
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

/** The meta-table form of an origin, and back (undefined if the stored text is not one). */
export function originToText(origin: ScaledClockOrigin): string {
  return JSON.stringify(origin);
}

export function originFromText(text: string | undefined): ScaledClockOrigin | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ScaledClockOrigin>;
    if (typeof v.engineOrigin === 'number' && typeof v.realOrigin === 'number') {
      return { engineOrigin: v.engineOrigin, realOrigin: v.realOrigin };
    }
  } catch {}
  return undefined;
}
