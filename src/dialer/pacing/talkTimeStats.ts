/**
 * What the pacer has learned about talk times: a histogram (1 s bins up to 2 h) with fading memory,
 * and from it the chance that a call that has lasted `e` seconds ends within the next `x` seconds.
 * No shape is assumed (exponential talk makes the elapsed time irrelevant; real talk times are not
 * exponential, and then it matters). A weak exponential prior (mean 120 s) stands in at the start.
 */
const MAX_SECONDS = 7200;
const PRIOR_WEIGHT = 3;
const PRIOR_MEAN = 120;
/** The prior's CDF at whole seconds: PRIOR_CDF[i] = P(talk < i s). */
const PRIOR_CDF = Float64Array.from({ length: MAX_SECONDS + 2 }, (_, i) => 1 - Math.exp(-i / PRIOR_MEAN));

export class TalkTimeStats {
  private readonly counts = new Float64Array(MAX_SECONDS + 1);
  /** cdf[i] = P(talk < i s), prior included; rebuilt lazily. */
  private readonly cdf = new Float64Array(MAX_SECONDS + 2);
  private total = 0;
  private sum = 0;
  private sinceRebuild = 0;
  private lastRebuildAt = Number.NEGATIVE_INFINITY;
  private dirty = true;
  /** Bumped whenever the CDF is rebuilt, so callers can cache what they derive from it. */
  version = 0;

  constructor(private readonly memory = 5000) {
    this.rebuild();
  }

  /** Mean talk time, seconds (prior included). */
  get meanSeconds(): number {
    return (this.sum + PRIOR_WEIGHT * PRIOR_MEAN) / (this.total + PRIOR_WEIGHT);
  }

  record(talkSeconds: number): void {
    const i = Math.min(MAX_SECONDS, Math.max(0, Math.floor(talkSeconds)));
    this.counts[i]! += 1;
    this.total += 1;
    this.sum += talkSeconds;
    this.sinceRebuild += 1;
    this.dirty = true;
    if (this.total > this.memory) {
      for (let k = 0; k <= MAX_SECONDS; k++) this.counts[k]! *= 0.5;
      this.total *= 0.5;
      this.sum *= 0.5;
    }
  }

  /** Rebuilds the CDF when enough has changed (cheap to call on every decision). */
  refresh(nowMs: number): void {
    if (!this.dirty) return;
    if (this.sinceRebuild < Math.max(8, this.total * 0.02) && nowMs - this.lastRebuildAt < 60_000) return;
    this.lastRebuildAt = nowMs;
    this.rebuild();
  }

  /** P(talk < t), t in seconds. */
  cdfAt(t: number): number {
    if (t <= 0) return 0;
    if (t >= MAX_SECONDS + 1) return 1;
    const i = Math.floor(t);
    const f = t - i;
    return this.cdf[i]! + f * (this.cdf[i + 1]! - this.cdf[i]!);
  }

  /** P(a talk that has lasted `elapsed` s ends within the next `within` s). */
  endChance(elapsed: number, within: number): number {
    if (within <= 0) return 0;
    const g = this.cdfAt(elapsed);
    const left = 1 - g;
    if (left < 1e-6) return 1 - Math.exp(-within / this.meanSeconds);
    return Math.min(1, Math.max(0, (this.cdfAt(elapsed + within) - g) / left));
  }

  private rebuild(): void {
    this.version++;
    this.dirty = false;
    this.sinceRebuild = 0;
    const w = PRIOR_WEIGHT;
    const n = this.total + w;
    let acc = 0;
    this.cdf[0] = 0;
    for (let i = 0; i <= MAX_SECONDS; i++) {
      acc += this.counts[i]!;
      const prior = w * PRIOR_CDF[i + 1]!;
      this.cdf[i + 1] = Math.min(1, (acc + prior) / n);
    }
    this.cdf[MAX_SECONDS + 1] = 1;
  }
}
