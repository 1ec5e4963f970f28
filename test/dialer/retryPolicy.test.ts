import { describe, expect, it } from 'vitest';
import { EndStatus } from '../../src/domain/endStatus.ts';
import { calleeOutcomeAfter, isRetried } from '../../src/domain/retryPolicy.ts';

const rules = { retryTimes: 2, retryIntervalSeconds: 600, abandonQuietSeconds: 0 };

describe('retry policy', () => {
  it.each([206, 202, 204, 208, 103, 107])('retries %i', (status) => expect(isRetried(status)).toBe(true));
  it.each([1, 203, 205, 215, 210, 212])('finishes %i', (status) => expect(isRetried(status)).toBe(false));

  it('retries after RetryInterval, up to RetryTimes more attempts', () => {
    expect(calleeOutcomeAfter({ endStatus: EndStatus.Busy, attempt: 1, endedAt: 1000 }, rules)).toEqual({
      state: 'pending',
      nextAttemptAt: 601_000,
    });
    expect(calleeOutcomeAfter({ endStatus: EndStatus.Busy, attempt: 2, endedAt: 0 }, rules).state).toBe(
      'pending',
    );
    expect(calleeOutcomeAfter({ endStatus: EndStatus.Busy, attempt: 3, endedAt: 0 }, rules).state).toBe(
      'finished',
    );
  });

  it('RetryTimes 0 means one attempt only', () => {
    const once = { ...rules, retryTimes: 0 };
    expect(calleeOutcomeAfter({ endStatus: EndStatus.NotAnswer, attempt: 1, endedAt: 0 }, once).state).toBe(
      'finished',
    );
  });

  it('a connected callee is finished', () => {
    expect(calleeOutcomeAfter({ endStatus: EndStatus.Ok, attempt: 1, endedAt: 0 }, rules).state).toBe(
      'finished',
    );
  });

  it('an abandoned callee waits out the quiet period when it is longer than the interval', () => {
    const uk = { ...rules, abandonQuietSeconds: 72 * 3600 };
    expect(calleeOutcomeAfter({ endStatus: EndStatus.WaitingGiveUp, attempt: 1, endedAt: 0 }, uk)).toEqual({
      state: 'pending',
      nextAttemptAt: 72 * 3600 * 1000,
    });
    // A busy callee was not abandoned: the quiet period does not apply.
    expect(calleeOutcomeAfter({ endStatus: EndStatus.Busy, attempt: 1, endedAt: 0 }, uk)).toEqual({
      state: 'pending',
      nextAttemptAt: 600_000,
    });
  });
});
