/**
 * What the pacer has learned about its calls' ring phase: for each ring-time bin, how many attempts
 * were answered then and how many ended unanswered (busy, failed, no answer) then. From these it
 * derives, for a call that has rung `e` seconds and is still ringing, the chance it is answered within
 * the next `x` seconds — the answered calls still to come from the calls in flight.
 *
 * Old observations fade: when the weight passes `memory` attempts, all counts are halved, so the
 * tables follow a drifting answer rate within a few thousand attempts. A weak prior (a few pseudo
 * attempts, 25% answered) stands in until the first outcomes arrive.
 */
export class RingOutcomeStats {
  readonly binMs: number;
  /** Number of ring-time bins: the last one holds outcomes at or past the ring timeout. */
  readonly bins: number;
  private readonly answered: Float64Array;
  private readonly ended: Float64Array;
  private total = 0;
  private dirty = true;
  /** P(answered with ring time in bin i), over all attempts. */
  readonly answerDensity: Float64Array;
  /** answerCumulative[i] = P(answered with ring time < i bins); length bins + 1. */
  readonly answerCumulative: Float64Array;
  /** survival[i] = P(still ringing after i bins); length bins + 1. */
  readonly survival: Float64Array;
  /** Share of attempts answered. */
  answerProbability = 0;

  constructor(
    readonly ringTimeoutSeconds: number,
    binSeconds: number,
    private readonly memory = 20_000,
  ) {
    this.binMs = binSeconds * 1000;
    this.bins = Math.ceil(ringTimeoutSeconds / binSeconds) + 1;
    this.answered = new Float64Array(this.bins);
    this.ended = new Float64Array(this.bins);
    this.answerDensity = new Float64Array(this.bins);
    this.answerCumulative = new Float64Array(this.bins + 1);
    this.survival = new Float64Array(this.bins + 1);
    const prior = 4;
    const priorBins = Math.max(1, Math.min(this.bins - 1, Math.round(15_000 / this.binMs)));
    for (let i = 0; i < priorBins; i++) this.answered[i] = (prior * 0.25) / priorBins;
    this.ended[this.bins - 1] = prior * 0.75;
    this.total = prior;
    this.refresh();
  }

  /** Attempts observed (faded weight, prior included). */
  get weight(): number {
    return this.total;
  }

  recordAnswered(ringSeconds: number): void {
    this.answered[this.binOf(ringSeconds)]! += 1;
    this.add();
  }

  recordUnanswered(seconds: number): void {
    this.ended[this.binOf(seconds)]! += 1;
    this.add();
  }

  /** Rebuilds the derived tables if anything was recorded since the last refresh. */
  refresh(): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    const n = this.bins;
    const total = this.total;
    let cum = 0;
    let gone = 0;
    this.answerCumulative[0] = 0;
    this.survival[0] = 1;
    for (let i = 0; i < n; i++) {
      const a = this.answered[i]! / total;
      this.answerDensity[i] = a;
      cum += a;
      gone += a + this.ended[i]! / total;
      this.answerCumulative[i + 1] = cum;
      this.survival[i + 1] = Math.max(0, 1 - gone);
    }
    this.answerProbability = cum;
    return true;
  }

  private binOf(seconds: number): number {
    const i = Math.floor((seconds * 1000) / this.binMs);
    return i < 0 ? 0 : i >= this.bins ? this.bins - 1 : i;
  }

  private add(): void {
    this.total += 1;
    this.dirty = true;
    if (this.total > this.memory) {
      for (let i = 0; i < this.bins; i++) {
        this.answered[i]! *= 0.5;
        this.ended[i]! *= 0.5;
      }
      this.total *= 0.5;
    }
  }
}
