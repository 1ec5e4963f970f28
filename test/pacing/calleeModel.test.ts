import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/random.ts';
import {
  type CalleeParams,
  drawAttempt,
  ringScaleFor,
  truncatedGamma2Mean,
  validateCalleeParams,
} from '../../src/telephony/sim/calleeModel.ts';

const params: CalleeParams = {
  answerRate: 0.3,
  busyRate: 0.1,
  ringMeanSeconds: 8,
  ringTimeoutSeconds: 25,
  talkMeanSeconds: 60,
};

function drawMany(p: CalleeParams, n: number, seed = 7) {
  const random = seededRandom(seed);
  let answered = 0;
  let busy = 0;
  let noAnswer = 0;
  let ring = 0;
  let maxRing = 0;
  let talk = 0;
  let busyAfter = 0;
  let busyMin = Number.POSITIVE_INFINITY;
  let busyMax = 0;
  let noAnswerOffTimeout = 0;
  for (let i = 0; i < n; i++) {
    const o = drawAttempt(random, p);
    if (o.kind === 'answered') {
      answered++;
      ring += o.ringSeconds;
      maxRing = Math.max(maxRing, o.ringSeconds);
      talk += o.talkSeconds;
    } else if (o.kind === 'busy') {
      busy++;
      busyAfter += o.afterSeconds;
      busyMin = Math.min(busyMin, o.afterSeconds);
      busyMax = Math.max(busyMax, o.afterSeconds);
    } else {
      noAnswer++;
      if (o.afterSeconds !== p.ringTimeoutSeconds) noAnswerOffTimeout++;
    }
  }
  return {
    answeredShare: answered / n,
    busyShare: busy / n,
    noAnswerShare: noAnswer / n,
    ringMean: ring / answered,
    maxRing,
    talkMean: talk / answered,
    busyMean: busyAfter / busy,
    busyMin,
    busyMax,
    noAnswerOffTimeout,
  };
}

describe('calleeModel', () => {
  it('solves the gamma(2) scale so the truncated ring mean is the flag', () => {
    const scale = ringScaleFor(8, 25);
    expect(truncatedGamma2Mean(scale, 25)).toBeCloseTo(8, 6);
    // Untruncated, a gamma(2) has mean 2 × scale; truncation at 25 s pulls it below that.
    expect(2 * scale).toBeGreaterThan(8);
    // Hand-computed: scale 4 → x = 6.25, mean = 8 (1 − e^-x (1 + x + x²/2)) / (1 − e^-x (1 + x)).
    const x = 6.25;
    const e = Math.exp(-x);
    expect(truncatedGamma2Mean(4, 25)).toBeCloseTo(
      (8 * (1 - e * (1 + x + (x * x) / 2))) / (1 - e * (1 + x)),
      12,
    );
  });

  it('gives the flagged shares, ring mean under the timeout and exponential talk over many draws', () => {
    const n = 300_000;
    const s = drawMany(params, n);
    // Binomial standard deviations: √(0.3·0.7/n) ≈ 0.0008, √(0.1·0.9/n) ≈ 0.0005.
    expect(s.answeredShare).toBeCloseTo(0.3, 2);
    expect(Math.abs(s.answeredShare - 0.3)).toBeLessThan(0.004);
    expect(Math.abs(s.busyShare - 0.1)).toBeLessThan(0.003);
    expect(Math.abs(s.noAnswerShare - 0.6)).toBeLessThan(0.004);
    // Ring: mean 8 s (sd ≈ 5 s over 90k answers → 0.02), always below the 25 s timeout.
    expect(Math.abs(s.ringMean - 8)).toBeLessThan(0.1);
    expect(s.maxRing).toBeLessThan(25);
    // Talk: exponential mean 60 s (sd 60 / √90k ≈ 0.2).
    expect(Math.abs(s.talkMean - 60)).toBeLessThan(1);
    // Busy: about 3 s (uniform 2–4 s).
    expect(Math.abs(s.busyMean - 3)).toBeLessThan(0.02);
    expect(s.busyMin).toBeGreaterThanOrEqual(2);
    expect(s.busyMax).toBeLessThanOrEqual(4);
    // No answer: always at the ring timeout.
    expect(s.noAnswerOffTimeout).toBe(0);
  });

  it('keeps the answered share exact for a ring mean close to the timeout', () => {
    const s = drawMany(
      { ...params, answerRate: 0.5, busyRate: 0, ringMeanSeconds: 20, ringTimeoutSeconds: 25 },
      100_000,
    );
    expect(Math.abs(s.answeredShare - 0.5)).toBeLessThan(0.006);
    expect(s.maxRing).toBeLessThan(25);
    // Out of reach of a truncated gamma(2): the limit, density ∝ t on [0, 25), mean 2/3 × 25.
    expect(Math.abs(s.ringMean - 50 / 3)).toBeLessThan(0.1);
  });

  it('is reproducible from the seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 1000; i++) expect(drawAttempt(a, params)).toEqual(drawAttempt(b, params));
  });

  it('rejects shares that do not add up and non-positive timeouts', () => {
    expect(() => validateCalleeParams({ ...params, answerRate: 0.8, busyRate: 0.3 })).toThrow(RangeError);
    expect(() => validateCalleeParams({ ...params, ringTimeoutSeconds: 0 })).toThrow(RangeError);
    expect(() => validateCalleeParams({ ...params, talkMeanSeconds: -1 })).toThrow(RangeError);
    expect(() => validateCalleeParams(params)).not.toThrow();
  });
});
