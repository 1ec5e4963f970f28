/**
 * `predictive`: (model comment written after tuning.)
 */
import { AbandonBudget, type BudgetOptions } from './abandonBudget.ts';
import type { Pacer, PacingDecision, PacingObservation, PacingView } from './pacer.ts';
import { PoolForecast } from './poolForecast.ts';
import { RingOutcomeStats } from './ringOutcomeStats.ts';
import { TalkTimeStats } from './talkTimeStats.ts';

export interface PredictiveOptions extends BudgetOptions {
  /** Time resolution of the forecast, seconds. */
  readonly binSeconds: number;
  /** Weight of the abandons a call causes among calls answered after it (0 = its own risk only). */
  readonly displacement: number;
  /** Count agents who take a call meanwhile and free up again within the horizon. */
  readonly refree: boolean;
  /**
   * Least simulated time between two full forecasts, ms. In between, only riskless calls (one per
   * free agent without a call) are placed, unless an agent entered wrap-up since the last forecast.
   */
  readonly minForecastIntervalMs: number;
}

export const defaultPredictiveOptions: PredictiveOptions = {
  binSeconds: 0.5,
  refree: true,
  displacement: 1,
  minForecastIntervalMs: 0,
  scaleMinutes: 3,
  minScale: 1.5,
  riskAtZero: 0.5,
  maxRisk: 0.5,
  hourOver: 0.02,
  hourReserve: 1,
  hourRamp: 2,
};

const MAX_PLACE = 10_000;

export function createPredictivePacer(overrides: Partial<PredictiveOptions> = {}): Pacer {
  return new PredictivePacer({ ...defaultPredictiveOptions, ...overrides });
}

class PredictivePacer implements Pacer {
  readonly strategy = 'predictive';
  private ring: RingOutcomeStats | undefined;
  private readonly talk = new TalkTimeStats();
  private readonly budget: AbandonBudget;
  private readonly forecast = new PoolForecast();
  private lastRingRefresh = Number.NEGATIVE_INFINITY;
  private lastForecastAt = Number.NEGATIVE_INFINITY;
  private lastInWrap = 0;
  private lastEstimates: Readonly<Record<string, number>> = {};

  constructor(private readonly options: PredictiveOptions) {
    this.budget = new AbandonBudget(options);
  }

  observe(observation: PacingObservation): void {
    switch (observation.type) {
      case 'answered':
        this.ringStats(undefined).recordAnswered(observation.ringSeconds);
        this.budget.recordAnswered(observation.at);
        break;
      case 'unanswered':
        this.ringStats(undefined).recordUnanswered(observation.seconds);
        break;
      case 'abandoned':
        this.budget.recordAbandoned(observation.at);
        break;
      case 'talkEnded':
        this.talk.record(observation.talkSeconds);
        break;
      default:
        break;
    }
  }

  decide(view: PacingView): PacingDecision {
    const now = view.now;
    const ring = this.ringStats(view.ringTimeoutSeconds);
    const forecast = this.forecast;
    forecast.scan(view, ring, this.talk.meanSeconds);
    const riskless = Math.max(0, forecast.free - forecast.waiting - forecast.ringing);
    const newWrap = forecast.inWrap > this.lastInWrap;
    this.lastInWrap = forecast.inWrap;
    if (!newWrap && now - this.lastForecastAt < this.options.minForecastIntervalMs) {
      return { place: riskless, estimates: this.lastEstimates };
    }
    this.lastForecastAt = now;

    if (now - this.lastRingRefresh >= 250 || ring.weight < 200) {
      if (ring.refresh()) this.lastRingRefresh = now;
    }
    this.talk.refresh(now);
    forecast.forecast(this.talk, this.options.refree);
    const committed = forecast.committedAbandons();
    const budget = this.budget.state(now, view.targetAbandonRate, committed);
    const pAnswer = ring.answerProbability;

    // Riskless calls first, then more while the next call's marginal risk fits the allowed risk
    // and its expected abandons fit what is left of the budget.
    let place = riskless;
    for (let i = 0; i < riskless; i++) (globalThis as { __riskLog?: number[] }).__riskLog?.push(0);
    let spent = 0;
    let nextRisk = 0;
    while (place < MAX_PLACE) {
      const marginal = forecast.marginalAbandons(place, this.options.displacement);
      nextRisk = pAnswer > 0 ? marginal / pAnswer : 0;
      if (nextRisk > budget.allowedRisk) break;
      spent += marginal;
      (globalThis as { __riskLog?: number[] }).__riskLog?.push(nextRisk);
      place++;
    }

    this.lastEstimates = {
      free: forecast.free,
      inWrap: forecast.inWrap,
      inTalk: forecast.inTalk,
      ringing: forecast.ringing,
      waiting: forecast.waiting,
      answerProbability: pAnswer,
      meanTalkSeconds: this.talk.meanSeconds,
      campaignBudget: budget.campaign,
      hourBudget: budget.hour,
      inFlightAbandons: committed,
      allowedRisk: budget.allowedRisk,
      nextCallRisk: nextRisk,
    };
    return { place, estimates: this.lastEstimates };
  }

  private ringStats(timeoutSeconds: number | undefined): RingOutcomeStats {
    if (this.ring === undefined || (timeoutSeconds !== undefined && this.ring.ringTimeoutSeconds !== timeoutSeconds)) {
      this.ring = new RingOutcomeStats(timeoutSeconds ?? 60, this.options.binSeconds);
    }
    return this.ring;
  }
}
