/**
 * The simulated callee: what one dial attempt does, drawn from a seeded source.
 *
 * The model of DESIGN.md "The what-if simulator", so that figures mean the same everywhere:
 * - `answerRate` and `busyRate` are fractions of all attempts; the rest ring until the ring timeout
 *   (no answer).
 * - A busy attempt ends after about 3 s (uniform in 2–4 s).
 * - An answered attempt rings for a time drawn from a gamma distribution of shape 2 (rarely picked
 *   up in the first second, mode near half the mean, a long tail), truncated below the ring timeout.
 *   The scale is solved so that the *truncated* mean equals `ringMeanSeconds`; since every answered
 *   draw is < the timeout, the answered share is exactly `answerRate` in expectation. A ring mean of
 *   2/3 of the timeout or more cannot be met by this shape: the ring time is then the limit
 *   (density ∝ t on [0, timeout), mean 2/3 × timeout).
 * - Talk times are exponential with mean `talkMeanSeconds`.
 */
import { exponential, type Random } from '../../domain/random.ts';

export interface CalleeParams {
  /** Fraction of attempts answered, 0..1. */
  readonly answerRate: number;
  /** Fraction of attempts that end busy, 0..1; answerRate + busyRate ≤ 1. */
  readonly busyRate: number;
  /** Mean ring time of answered attempts, seconds. */
  readonly ringMeanSeconds: number;
  /** Ring timeout, seconds: unanswered, not busy attempts end as no-answer after this. */
  readonly ringTimeoutSeconds: number;
  /** Mean talk time of answered attempts (exponential), seconds. */
  readonly talkMeanSeconds: number;
}

export type AttemptOutcome =
  | { readonly kind: 'answered'; readonly ringSeconds: number; readonly talkSeconds: number }
  | { readonly kind: 'busy'; readonly afterSeconds: number }
  | { readonly kind: 'noAnswer'; readonly afterSeconds: number };

/** Mean of a gamma(2, scale) variable truncated to [0, timeout). */
export function truncatedGamma2Mean(scale: number, timeout: number): number {
  const x = timeout / scale;
  const e = Math.exp(-x);
  const below = 1 - e * (1 + x);
  if (below <= 0) return (2 * timeout) / 3;
  return (2 * scale * (1 - e * (1 + x + (x * x) / 2))) / below;
}

let cachedMean = Number.NaN;
let cachedTimeout = Number.NaN;
let cachedScale = 0;

/**
 * The gamma(2) scale whose truncation to [0, timeout) has the given mean (bisection; the truncated
 * mean rises with the scale from 0 to 2/3 × timeout). Infinity when the mean is out of reach.
 */
export function ringScaleFor(ringMeanSeconds: number, ringTimeoutSeconds: number): number {
  if (ringMeanSeconds === cachedMean && ringTimeoutSeconds === cachedTimeout) return cachedScale;
  let scale: number;
  if (ringMeanSeconds >= ((2 * ringTimeoutSeconds) / 3) * 0.999) {
    scale = Number.POSITIVE_INFINITY;
  } else {
    let lo = 1e-9;
    let hi = ringMeanSeconds;
    while (truncatedGamma2Mean(hi, ringTimeoutSeconds) < ringMeanSeconds) hi *= 2;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (truncatedGamma2Mean(mid, ringTimeoutSeconds) < ringMeanSeconds) lo = mid;
      else hi = mid;
    }
    scale = (lo + hi) / 2;
  }
  cachedMean = ringMeanSeconds;
  cachedTimeout = ringTimeoutSeconds;
  cachedScale = scale;
  return scale;
}

/** Ring time of an answered attempt: truncated gamma(2), always in [0, timeout). */
export function drawRingSeconds(random: Random, ringMeanSeconds: number, ringTimeoutSeconds: number): number {
  if (ringMeanSeconds <= 0) return 0;
  const scale = ringScaleFor(ringMeanSeconds, ringTimeoutSeconds);
  if (!Number.isFinite(scale)) {
    // Density ∝ t on [0, timeout): inverse CDF.
    return ringTimeoutSeconds * Math.sqrt(random.next());
  }
  for (;;) {
    const t = -scale * Math.log((1 - random.next()) * (1 - random.next()));
    if (t < ringTimeoutSeconds) return t;
  }
}

export function validateCalleeParams(params: CalleeParams): void {
  const { answerRate, busyRate, ringMeanSeconds, ringTimeoutSeconds, talkMeanSeconds } = params;
  if (!(answerRate >= 0 && busyRate >= 0 && answerRate + busyRate <= 1 + 1e-12)) {
    throw new RangeError(
      `answerRate and busyRate must be fractions summing to ≤ 1 (${answerRate}, ${busyRate})`,
    );
  }
  if (!(ringTimeoutSeconds > 0))
    throw new RangeError(`ringTimeoutSeconds must be > 0 (${ringTimeoutSeconds})`);
  if (!(ringMeanSeconds >= 0)) throw new RangeError(`ringMeanSeconds must be ≥ 0 (${ringMeanSeconds})`);
  if (!(talkMeanSeconds >= 0)) throw new RangeError(`talkMeanSeconds must be ≥ 0 (${talkMeanSeconds})`);
}

/** One dial attempt's outcome. Draws from `random` in a fixed order, so runs are reproducible. */
export function drawAttempt(random: Random, params: CalleeParams): AttemptOutcome {
  const u = random.next();
  if (u < params.answerRate) {
    const ringSeconds = drawRingSeconds(random, params.ringMeanSeconds, params.ringTimeoutSeconds);
    const talkSeconds = exponential(random, params.talkMeanSeconds);
    return { kind: 'answered', ringSeconds, talkSeconds };
  }
  if (u < params.answerRate + params.busyRate) {
    const afterSeconds = Math.min(2 + 2 * random.next(), params.ringTimeoutSeconds);
    return { kind: 'busy', afterSeconds };
  }
  return { kind: 'noAnswer', afterSeconds: params.ringTimeoutSeconds };
}
