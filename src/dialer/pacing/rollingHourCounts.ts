/**
 * This campaign's answered and abandoned calls over the last hour, in one-minute buckets (the
 * window covers the current minute and the 59 before it), for the rolling-hour abandon budget.
 */
const MINUTE_MS = 60_000;
const MINUTES = 60;

export class RollingHourCounts {
  private readonly answeredBuckets = new Float64Array(MINUTES);
  private readonly abandonedBuckets = new Float64Array(MINUTES);
  private minute = 0;
  answered = 0;
  abandoned = 0;

  recordAnswered(atMs: number): void {
    this.advance(atMs);
    this.answeredBuckets[this.minute % MINUTES]! += 1;
    this.answered += 1;
  }

  recordAbandoned(atMs: number): void {
    this.advance(atMs);
    this.abandonedBuckets[this.minute % MINUTES]! += 1;
    this.abandoned += 1;
  }

  /** Moves the window to the minute of `atMs`, dropping what fell out of the hour. */
  advance(atMs: number): void {
    const target = Math.floor(atMs / MINUTE_MS);
    if (target <= this.minute) return;
    const steps = Math.min(MINUTES, target - this.minute);
    for (let s = 1; s <= steps; s++) {
      const slot = (this.minute + s) % MINUTES;
      this.answered -= this.answeredBuckets[slot]!;
      this.abandoned -= this.abandonedBuckets[slot]!;
      this.answeredBuckets[slot] = 0;
      this.abandonedBuckets[slot] = 0;
    }
    this.minute = target;
  }
}
