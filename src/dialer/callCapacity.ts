/** How far back the starts are kept without a per-second limit: the longest window of a limit of more than one call. */
const UNLIMITED_MEMORY_MS = 1000;

/**
 * One limit on placing calls: how many may be live at once, and how many may start per second.
 * The application has one, and so does each caller number; a call takes a slot of both.
 *
 * Calls per second is a sliding window, as carriers count it: with a rate r, at most
 * k = max(1, ⌊r⌋) calls start in any k/r seconds — 20/s is 20 in any second (never 40 across a
 * second's boundary, as a token bucket would allow), 0.5/s is one call every two seconds.
 */
export class CallCapacity {
  private live = 0;
  /** Start times of the last k calls, oldest at `head` (ring). */
  private readonly starts: Float64Array;
  private head = 0;
  private readonly windowMs: number;
  /**
   * Without a per-second limit, the starts of the last second, oldest first: what a limit set
   * later counts. Any limit's window is at most a second long, but for a rate below one a second,
   * whose one slot is the last start: the latest take's starts are never pruned.
   */
  private readonly unlimitedStarts: number[] = [];
  /**
   * Starts up to this time may be missing from `unlimitedStarts` (those under an earlier limit,
   * whose ring was not carried over); none are once it is more than a second old.
   */
  private unknownUpTo = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxConcurrent: number | null,
    perSecond: number | null,
  ) {
    const k = perSecond === null ? 0 : Math.max(1, Math.floor(perSecond));
    this.starts = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    this.windowMs = perSecond === null ? 0 : (1000 * k) / perSecond;
  }

  get liveCalls(): number {
    return this.live;
  }

  /** Calls that may start now. */
  available(now: number): number {
    let room = this.maxConcurrent === null ? Number.POSITIVE_INFINITY : this.maxConcurrent - this.live;
    const k = this.starts.length;
    if (k > 0) {
      let free = 0;
      // The ring is in start order: the free slots are the oldest ones, out of the window.
      while (free < k && this.starts[(this.head + free) % k]! <= now - this.windowMs) free++;
      room = Math.min(room, free);
    }
    return Math.max(room, 0);
  }

  /** Takes slots for calls starting now (the caller checked `available`). */
  take(now: number, n = 1): void {
    this.live += n;
    const k = this.starts.length;
    if (k === 0) {
      if (n > 0) this.keepUnlimitedStarts(now, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      this.starts[this.head] = now;
      this.head = (this.head + 1) % k;
    }
  }

  private keepUnlimitedStarts(now: number, n: number): void {
    const kept = this.unlimitedStarts;
    let stale = 0;
    while (stale < kept.length && kept[stale]! <= now - UNLIMITED_MEMORY_MS) stale++;
    if (stale > 0) kept.splice(0, stale);
    for (let i = 0; i < n; i++) kept.push(now);
    if (this.unknownUpTo <= now - UNLIMITED_MEMORY_MS) this.unknownUpTo = Number.NEGATIVE_INFINITY;
  }

  /**
   * The same calls under new limits (the settings changed mid-flight): the live ones, and the
   * recent starts, which count against the new rate — a fresh window would let a second's worth
   * of calls through on top of those just placed.
   */
  withLimits(maxConcurrent: number | null, perSecond: number | null): CallCapacity {
    const next = new CallCapacity(maxConcurrent, perSecond);
    next.live = this.live;
    if (this.starts.length > 0) {
      next.unknownUpTo = this.startedBefore(1);
    } else {
      for (const start of this.unlimitedStarts) next.unlimitedStarts.push(start);
      next.unknownUpTo = this.unknownUpTo;
    }
    const k = next.starts.length;
    // Newest last, as `take` writes them; `head` 0 is then the oldest.
    for (let i = 1; i <= k; i++) next.starts[k - i] = this.startedBefore(i);
    return next;
  }

  /**
   * When the i-th most recent call (1 = the last) started, or a later time when the ring is too
   * short to know: older starts are no later than the oldest one kept. Later only delays a call;
   * earlier could burst. Without a per-second limit the last second's starts are known, and an
   * older one is out of any new limit's window (a second at most where it has more than one slot).
   */
  private startedBefore(i: number): number {
    const k = this.starts.length;
    if (k === 0) {
      const kept = this.unlimitedStarts;
      // Past the kept ones: a start under an earlier limit, or one over a second old (-∞ then).
      return i <= kept.length ? kept[kept.length - i]! : this.unknownUpTo;
    }
    return this.starts[(this.head + k - Math.min(i, k)) % k]!;
  }

  /** A call ended: its live slot is free again. */
  release(n = 1): void {
    this.live = Math.max(0, this.live - n);
  }

  /**
   * A slot taken for a call that was never placed (no due callee): the live slot is given back;
   * its start stays counted, which only delays the next call a little when the list runs dry.
   */
  giveBack(n = 1): void {
    this.release(n);
  }
}
