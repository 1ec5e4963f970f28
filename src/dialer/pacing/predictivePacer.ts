/**
 * `predictive`: the default strategy. It dials from what it can see and what it has learned, and
 * treats the abandon target as a budget to spend where it buys the most talk.
 *
 * Model (poolForecast.ts). Over the next ring timeout + connect deadline, in 1 s bins:
 * - supply: agents free now; agents in wrap-up free at a known time (since + wrap); agents in talk
 *   free after talk end + wrap, with the chance the talk ends in time given how long it has lasted
 *   (learned talk-time histogram, no shape assumed); agents who take a call meanwhile and are through
 *   talk and wrap-up within the horizon;
 * - demand: answered calls waiting now, and the answers still to come from every call ringing on the
 *   pool (other campaigns' too), each by how long it has rung (learned ring-outcome tables: the
 *   answer probability and time-to-answer distribution, conditioned on still ringing).
 * A call answered in bin j gets an agent if supply(j + deadline) − demand ahead > 0; that count is
 * taken as normal. The marginal cost of one more call is its own abandon chance plus the abandons it
 * causes among calls answered after it (the agent it takes). Without that displacement term, the
 * costs of the calls placed summed to a third of the abandons that followed (measured while tuning,
 * 20 agents, 15% answers, 180 s talk, 8 h: 25 predicted, 89 happened); with it, 79 predicted for 85 (it over-predicts large pools,
 * 3235 for 1236 at 100 agents, which only shifts the allowed risk the budget loop settles on).
 *
 * Decision. One call per free agent without a call is riskless and always placed (never fewer
 * than `progressive`). Beyond those, it places calls while the next one's marginal abandons per
 * answered call stay within the allowed risk, which the budget sets (abandonBudget.ts): target ×
 * answered − abandoned − the expected abandons of the calls in flight, through an exponential
 * integral controller, scaled down when the rolling hour (target + 2 points) runs low. So it spends
 * the budget on the calls that risk least — a call timed to be answered as a wrap-up ends, an extra
 * call next to ones that have rung long enough to be unlikely to answer — and holds back as it runs
 * low.
 *
 * Cost. The cheap pass (count free agents and calls) runs on every decision, the forecast at most
 * once per `minForecastIntervalMs` (1 s). A forecast takes ~14 µs for 100 agents and ~34 µs for 500
 * on this shared 2-core machine under load (about half when it is idle); a 100-agent 8-hour plain
 * simulation takes 0.7–1.1 s with predictive against 0.2–0.4 s with progressive. Forecasting every
 * 250 ms, or at once whenever an agent entered wrap-up, changed no figure beyond seed noise
 * (100 agents, 15%, 60 s, 3%: 50.24–50.28 talk minutes per agent-hour at every interval).
 *
 * Measured (bench/pacing/matrix.ts, plain simulation, 8 h, 3 seeds, busy 10%, ring mean 8 s,
 * timeout 25 s, wrap 10 s): all 32 cells hold abandon ≤ target and max rolling hour ≤ target + 2
 * points, and talk more than the best fixed ratio. Share of the ceiling 60 × talk / (talk + wrap):
 * 500 agents 99.6–100% (best ratio 92.5–98.2%); 100 agents 97.4–99.1% (ratio 92.1–97.3%);
 * 20 agents 88.3–95.0% (ratio 84.1–93.3%); 5 agents 68.7–88.5% (ratio 65.0–83.8%, progressive
 * 34.1–79.4%). E.g. 100 agents, 15% answers, 60 s talk, 3%: 50.19 talk minutes per agent-hour at
 * 2.96% abandons (ratio:15.75 gives 47.37, progressive 17.66). Small teams keep a reserve — 1.9–2.8%
 * abandons at a 3% target — because a 5-agent team answers ~85 calls an hour, so one abandon is over
 * a point of its rolling hour; their closest cell is 5 agents, 35%, 180 s, 3%: 48.00 against the
 * best ratio's 47.59.
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
  /** Forecast at once when an agent enters wrap-up, whatever the interval (off: no measurable gain). */
  readonly forecastOnWrap: boolean;
}

export const defaultPredictiveOptions: PredictiveOptions = {
  binSeconds: 1,
  refree: true,
  displacement: 1,
  minForecastIntervalMs: 1000,
  forecastOnWrap: false,
  scaleMinutes: 3,
  minScale: 1.5,
  riskAtZero: 0.5,
  maxRisk: 0.5,
  hourOver: 0.02,
  hourReserve: 1.5,
  hourRamp: 3,
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
    // Cheap pass: free agents and agents in wrap-up. Calls not yet connected are all the view's calls.
    let free = 0;
    let inWrap = 0;
    for (const agent of view.agents) {
      if (agent.state === 'free') free++;
      else if (agent.state === 'afterCallWork') inWrap++;
    }
    const riskless = Math.max(0, free - view.calls.length);
    const newWrap = this.options.forecastOnWrap && inWrap > this.lastInWrap;
    this.lastInWrap = inWrap;
    if (!newWrap && now - this.lastForecastAt < this.options.minForecastIntervalMs) {
      return { place: riskless, estimates: this.lastEstimates };
    }
    this.lastForecastAt = now;

    const ring = this.ringStats(view.ringTimeoutSeconds);
    if (now - this.lastRingRefresh >= 250 || ring.weight < 200) {
      if (ring.refresh()) this.lastRingRefresh = now;
    }
    this.talk.refresh(now);
    const forecast = this.forecast;
    forecast.scan(view, ring, this.talk.meanSeconds);
    forecast.forecast(this.talk, this.options.refree);
    const committed = forecast.committedAbandons();
    const budget = this.budget.state(now, view.targetAbandonRate, committed);
    const pAnswer = ring.answerProbability;

    // Riskless calls first, then as many more as keep the last one's marginal risk (expected abandons
    // per answered call) within the allowed risk. The risk rises with each call placed, so the count
    // is found by doubling then bisection.
    const riskOf = (placed: number): number =>
      pAnswer > 0 ? forecast.marginalAbandons(placed, this.options.displacement) / pAnswer : 0;
    const allowed = budget.allowedRisk;
    let place = riskless;
    let nextRisk = riskOf(place);
    if (nextRisk <= allowed) {
      // riskOf(ok) ≤ allowed, riskOf(bad) > allowed: the calls up to `bad` (excluded) may go.
      let ok = place;
      let bad = MAX_PLACE;
      for (let step = 1; ok + step < MAX_PLACE; step *= 2) {
        const risk = riskOf(ok + step);
        if (risk > allowed) {
          bad = ok + step;
          nextRisk = risk;
          break;
        }
        ok += step;
      }
      while (bad - ok > 1) {
        const mid = (ok + bad) >> 1;
        const risk = riskOf(mid);
        if (risk > allowed) {
          bad = mid;
          nextRisk = risk;
        } else ok = mid;
      }
      place = bad;
    }

    this.lastEstimates = {
      free,
      inWrap,
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
      forecastAt: now,
    };
    return { place, estimates: this.lastEstimates };
  }

  private ringStats(timeoutSeconds: number | undefined): RingOutcomeStats {
    if (
      this.ring === undefined ||
      (timeoutSeconds !== undefined && this.ring.ringTimeoutSeconds !== timeoutSeconds)
    ) {
      this.ring = new RingOutcomeStats(timeoutSeconds ?? 60, this.options.binSeconds);
    }
    return this.ring;
  }
}
