/**
 * Time, as the engine sees it. `serve` runs on the real clock (or a scaled one), `simulate` and the
 * tests on a virtual one, so the same engine code runs a working day in seconds and tests never sleep.
 */
export interface Clock {
  /** Milliseconds since the unix epoch, on this clock. */
  now(): number;
  /** Runs `fn` once, `delayMs` from now on this clock. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}
