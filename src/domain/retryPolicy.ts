/**
 * What becomes of a callee after an attempt (DESIGN "Retries"): tried again after RetryInterval,
 * up to RetryTimes more times, or finished.
 *
 * Retried: busy (206), no answer (202), switched off (204), carrier failure (208), abandoned (103,
 * 107) as DESIGN lists them, and — where the design is silent — the causes that say nothing about
 * the callee: out of credit (207, the caller's line), cancelled by the dialer (209: Abort/EndTime,
 * HangUpCall while ringing, a crash) and restricted time (111). Finished: connected (1), rejected
 * (203), non-existent (205), invalid (215), and likewise not in service (210) and carrier-blocked
 * (212), which no retry would change.
 *
 * An abandoned callee is not called again within the application's quiet period (the UK rule is
 * 72 h): its next attempt waits for the later of the retry interval and the quiet period.
 */
import { EndStatus, isAbandoned } from './endStatus.ts';

/** What becomes of the callee when its attempt ends. */
export type CalleeOutcome =
  | { readonly state: 'finished' }
  | { readonly state: 'pending'; readonly nextAttemptAt: number };

const RETRIED: ReadonlySet<number> = new Set<number>([
  EndStatus.Busy,
  EndStatus.NotAnswer,
  EndStatus.PowerOff,
  EndStatus.OperatorError,
  EndStatus.WaitingGiveUp,
  EndStatus.IvrEnd,
  EndStatus.OutOfCredit,
  EndStatus.CallerCancel,
  EndStatus.RestrictedTime,
]);

export function isRetried(endStatus: number): boolean {
  return RETRIED.has(endStatus);
}

export interface AttemptResult {
  readonly endStatus: number;
  /** The attempt that just ended (1 = the first call). */
  readonly attempt: number;
  /** ms. */
  readonly endedAt: number;
}

export interface RetryRules {
  /** Further attempts allowed after the first (0–2). */
  readonly retryTimes: number;
  readonly retryIntervalSeconds: number;
  /** Seconds an abandoned callee is left alone; 0 = none. */
  readonly abandonQuietSeconds: number;
}

export function calleeOutcomeAfter(result: AttemptResult, rules: RetryRules): CalleeOutcome {
  if (!isRetried(result.endStatus) || result.attempt > rules.retryTimes) return { state: 'finished' };
  const wait = isAbandoned(result.endStatus)
    ? Math.max(rules.retryIntervalSeconds, rules.abandonQuietSeconds)
    : rules.retryIntervalSeconds;
  return { state: 'pending', nextAttemptAt: result.endedAt + wait * 1000 };
}
