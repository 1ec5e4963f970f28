/**
 * One limit on placing calls: how many may be live at once, and how many may start per second.
 * The application has one, and so does each caller number; a call takes a slot of both.
 *
 * Calls per second is a token bucket holding at most one second's worth (at least one token), so
 * no more than the rate start in any second after a quiet spell, and a fractional rate (0.5/s)
 * means one call every two seconds.
 */
export class CallCapacity {
  private live = 0;
  private tokens: number;
  private refilledAt = Number.NEGATIVE_INFINITY;
  private readonly burst: number;

  constructor(
    private readonly maxConcurrent: number | null,
    private readonly perSecond: number | null,
  ) {
    this.burst = perSecond === null ? 0 : Math.max(1, perSecond);
    this.tokens = this.burst;
  }

  get liveCalls(): number {
    return this.live;
  }

  /** Calls that may start now. */
  available(now: number): number {
    let room = this.maxConcurrent === null ? Number.POSITIVE_INFINITY : this.maxConcurrent - this.live;
    if (this.perSecond !== null) {
      this.refill(now);
      room = Math.min(room, Math.floor(this.tokens + 1e-9));
    }
    return room > 0 ? room : 0;
  }

  /** Takes slots for calls starting now (the caller checked `available`). */
  take(now: number, n = 1): void {
    this.live += n;
    if (this.perSecond !== null) {
      this.refill(now);
      this.tokens -= n;
    }
  }

  /** Counts calls already live under a previous limit (settings changed mid-flight). */
  adopt(live: number): void {
    this.live += live;
  }

  /** A call ended (or was never placed): its live slot is free again. */
  release(n = 1): void {
    this.live = Math.max(0, this.live - n);
  }

  /** A slot taken for a call that was never placed also gives its start back. */
  giveBack(n = 1): void {
    this.release(n);
    if (this.perSecond !== null) this.tokens = Math.min(this.burst, this.tokens + n);
  }

  private refill(now: number): void {
    if (now > this.refilledAt) {
      const elapsed = this.refilledAt === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : now - this.refilledAt;
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond!) / 1000);
      this.refilledAt = now;
    }
  }
}
