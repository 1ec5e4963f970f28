/**
 * A clock that remembers the timers it has pending, so that closing the endpoint can clear every
 * transaction timer at once (the absorbing timers run up to 32 s after a call, and would otherwise
 * keep a finished process alive).
 */
import type { Clock, TimerHandle } from '../../../domain/clock.ts';

export class TrackedClock implements Clock {
  private readonly pending = new Set<TimerHandle>();

  constructor(private readonly inner: Clock) {}

  now(): number {
    return this.inner.now();
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const handle = this.inner.setTimer(delayMs, () => {
      this.pending.delete(handle);
      fn();
    });
    this.pending.add(handle);
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.pending.delete(handle);
    this.inner.clearTimer(handle);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  clearAll(): void {
    for (const handle of this.pending) this.inner.clearTimer(handle);
    this.pending.clear();
  }
}
