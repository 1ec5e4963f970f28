/** What a transaction needs from its surroundings: a clock for its timers and a way to send. */
import type { Clock, TimerHandle } from '../../../domain/clock.ts';
import type { SipMessage } from '../message/sipMessage.ts';
import type { SipTimerValues } from './timerValues.ts';

export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: SipTimerValues;
  /** TCP: no retransmissions, and the absorbing timers (D, I, J, K) are zero. */
  readonly reliable: boolean;
  readonly send: (message: SipMessage) => void;
  /** Called once, when the transaction reaches Terminated, so the layer forgets it. */
  readonly terminated: () => void;
}

/** One named timer slot of a transaction; setting it again replaces the pending one. */
export class TransactionTimer {
  private handle: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  set(delayMs: number, fn: () => void): void {
    this.clear();
    this.handle = this.clock.setTimer(delayMs, () => {
      this.handle = undefined;
      fn();
    });
  }

  clear(): void {
    if (this.handle) this.clock.clearTimer(this.handle);
    this.handle = undefined;
  }
}
