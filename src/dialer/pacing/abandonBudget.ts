/**
 * The abandon target as a budget, not a threshold.
 *
 * Campaign budget: target × answered − abandoned, minus the expected abandons of the calls already
 * in flight. It sets how much marginal risk the next call may carry:
 * allowedRisk = target × riskAtZero × exp(available / scale), capped at maxRisk. The budget is the
 * integral of (target × answers − abandons), so this is an integral controller: the allowed risk
 * settles where the abandons actually caused match the target, at a positive reserve of
 * scale × ln(settled risk / (target × riskAtZero)) abandons. The scale is a few minutes of budget
 * accrual (target × answers per minute), at least `minScale` abandons, so a large team reacts in
 * minutes and a small one is not thrown off by a single abandon.
 *
 * Rolling-hour budget: (target + hourOver) × answered − abandoned over the last hour (the answered
 * count projected to a full hour during the first hour), minus the calls in flight. Abandons come
 * one at a time, so a small team can overrun an hour by luck; when this budget falls below
 * `hourReserve` + `hourRamp` abandons the allowed risk is scaled down, to nothing at `hourReserve`.
 */
import { RollingHourCounts } from './rollingHourCounts.ts';

export interface BudgetOptions {
  /** Reserve scale in minutes of budget accrual (target × answers per minute). */
  readonly scaleMinutes: number;
  /** Smallest reserve scale, abandons. */
  readonly minScale: number;
  /** Allowed risk with an empty budget, as a multiple of the target. */
  readonly riskAtZero: number;
  /** Largest allowed risk. */
  readonly maxRisk: number;
  /** The rolling-hour limit over the target (0.02 = 2 points). */
  readonly hourOver: number;
  /** Rolling-hour abandons kept in reserve. */
  readonly hourReserve: number;
  /** Rolling-hour abandons over the reserve below which the allowed risk is scaled down. */
  readonly hourRamp: number;
}

export interface BudgetState {
  /** Campaign abandons still allowed, before the calls in flight. */
  readonly campaign: number;
  /** Rolling-hour abandons still allowed, before the calls in flight. */
  readonly hour: number;
  /** Largest marginal abandon risk per answered call the next call may carry. */
  readonly allowedRisk: number;
}

const HOUR_MS = 3_600_000;
/** During the first hour the hour's answered count is projected, from at least this much of it. */
const EARLIEST_PROJECTION_MS = 900_000;

export class AbandonBudget {
  private readonly hour = new RollingHourCounts();
  private answered = 0;
  private abandoned = 0;
  private startedAt: number | undefined;

  constructor(private readonly options: BudgetOptions) {}

  recordAnswered(at: number): void {
    this.startedAt ??= at;
    this.answered++;
    this.hour.recordAnswered(at);
  }

  recordAbandoned(at: number): void {
    this.startedAt ??= at;
    this.abandoned++;
    this.hour.recordAbandoned(at);
  }

  state(now: number, target: number, committed: number): BudgetState {
    this.startedAt ??= now;
    this.hour.advance(now);
    const o = this.options;
    const elapsed = Math.max(60_000, now - this.startedAt);
    const hourAnswered =
      elapsed < HOUR_MS
        ? (this.hour.answered * HOUR_MS) / Math.max(elapsed, EARLIEST_PROJECTION_MS)
        : this.hour.answered;
    const campaign = target * this.answered - this.abandoned;
    const hour = (target + o.hourOver) * hourAnswered - this.hour.abandoned;
    const perMinute = (this.hour.answered * 60_000) / Math.min(elapsed, HOUR_MS);
    const scale = Math.max(o.minScale, target * perMinute * o.scaleMinutes);
    let allowedRisk = Math.min(o.maxRisk, target * o.riskAtZero * Math.exp((campaign - committed) / scale));
    const hourSlack = hour - committed - o.hourReserve;
    if (hourSlack < o.hourRamp) {
      const share = Math.max(0, hourSlack) / o.hourRamp;
      allowedRisk *= share * share;
    }
    return { campaign, hour, allowedRisk };
  }
}
