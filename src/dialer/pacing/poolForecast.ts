/**
 * The predictive pacer's forecast of one pool: how many agents will be available, and how many
 * answered calls will want them, over the next ring-timeout + connect-deadline seconds, in bins of
 * `ring.binMs`. From it, the expected abandons of the calls in flight and the marginal expected
 * abandons of one more call.
 *
 * Supply, cumulative by bin i (agents free by i bins from now, beyond those free now):
 * - agents in wrap-up free at a known time (since + wrap);
 * - agents in talk free at talk end + wrap: the chance their talk, having lasted e seconds, ends
 *   within i·bin − wrap, from the learned talk-time distribution (agents grouped in 8 classes of
 *   elapsed talk);
 * - agents that take a call meanwhile (waiting calls, answers to come) and are through talk and
 *   wrap-up within the horizon.
 * Demand, cumulative by bin j: answered calls waiting now, plus the answers still to come from the
 * calls ringing — each one's chance of being answered by bin j given how long it has rung, from the
 * learned ring-outcome tables (all campaigns' calls on the pool count: they compete for the agents).
 *
 * A call answered in bin j finds an agent if X_j = free + supply(j + deadline) − demand ahead > 0
 * (first come, first served by answer time). X_j is a sum of many independent Bernoulli counts; it
 * is taken as normal (mean, variance; continuity-corrected). Adding a call answered in bin j costs
 * P(X_j ≤ 0) (it is abandoned) plus, when it does connect, the extra abandons of the calls answered
 * after it that lose that agent: Σ_{j' > j} m_j' · (P(X_j' ≤ 1) − P(X_j' ≤ 0)). Counting this
 * displacement is what makes the marginal costs add up to the abandons that happen: without it a
 * call placed later but answered sooner silently takes the agent an earlier call was counting on.
 */
import { fastNormalCdf } from './normalTail.ts';
import type { PacingView } from './pacer.ts';
import type { RingOutcomeStats } from './ringOutcomeStats.ts';
import type { TalkTimeStats } from './talkTimeStats.ts';

const CLASSES = 8;
/** Class edges of a busy agent's elapsed talk, in multiples of the mean talk time. */
const CLASS_EDGES = [0.25, 0.5, 1, 1.5, 2, 3, 5];

export class PoolForecast {
  // Counts from the last scan.
  free = 0;
  inWrap = 0;
  inTalk = 0;
  ringing = 0;
  ownRinging = 0;
  waiting = 0;
  ownWaiting = 0;

  /** Answer bins of a new call (ring.bins), and the deadline in bins. */
  private bins = 0;
  private deadlineBins = 0;
  private horizon = 0;
  private binMs = 1;
  private wrapMs = 0;
  private firstTalkBin = 0;
  private ring: RingOutcomeStats | undefined;

  private ringingByAge = new Float64Array(0);
  private wrapEnds = new Float64Array(0);
  private supplyMean = new Float64Array(0);
  private supplyVar = new Float64Array(0);
  private demandMean = new Float64Array(0);
  private demandVar = new Float64Array(0);
  /** Expected answers of the calls in flight, per bin (not cumulative). */
  private answersPerBin = new Float64Array(0);
  private baseMean = new Float64Array(0);
  private baseVar = new Float64Array(0);
  private abandonNow = new Float64Array(0);
  private readonly classCount = new Float64Array(CLASSES);
  private readonly classElapsed = new Float64Array(CLASSES);
  private waitingLeft: number[] = [];
  private readonly talkRows = new Map<number, Float64Array>();
  private talkRowsVersion = -1;
  private talkRowsKey = '';

  /** Counts agents and calls; cheap (one pass over the view). */
  scan(view: PacingView, ring: RingOutcomeStats, talkMeanSeconds: number): void {
    const now = view.now;
    this.ring = ring;
    this.binMs = ring.binMs;
    this.bins = ring.bins;
    this.deadlineBins = Math.max(0, Math.round((view.connectDeadlineSeconds * 1000) / this.binMs));
    this.horizon = this.bins + this.deadlineBins + 1;
    this.wrapMs = view.wrapSeconds * 1000;
    this.firstTalkBin = Math.floor(this.wrapMs / this.binMs) + 1;
    this.ensureSize(this.horizon);

    const binMs = this.binMs;
    const wrapEnds = this.wrapEnds;
    wrapEnds.fill(0, 0, this.horizon);
    this.classCount.fill(0);
    this.classElapsed.fill(0);
    const talkMean = talkMeanSeconds * 1000;
    let free = 0;
    let inWrap = 0;
    let inTalk = 0;
    for (const agent of view.agents) {
      if (agent.state === 'free') {
        free++;
      } else if (agent.state === 'afterCallWork') {
        inWrap++;
        const left = agent.since + this.wrapMs - now;
        const i = left <= 0 ? 0 : Math.ceil(left / binMs);
        if (i < this.horizon) wrapEnds[i]! += 1;
      } else {
        inTalk++;
        const elapsed = now - agent.since;
        let c = 0;
        while (c < CLASS_EDGES.length && elapsed >= CLASS_EDGES[c]! * talkMean) c++;
        this.classCount[c]! += 1;
        this.classElapsed[c]! += elapsed;
      }
    }
    this.free = free;
    this.inWrap = inWrap;
    this.inTalk = inTalk;

    const byAge = this.ringingByAge;
    const nR = this.bins;
    byAge.fill(0, 0, nR);
    const deadlineMs = view.connectDeadlineSeconds * 1000;
    const waitingLeft = this.waitingLeft;
    waitingLeft.length = 0;
    let ringing = 0;
    let ownRinging = 0;
    let waiting = 0;
    let ownWaiting = 0;
    for (const call of view.calls) {
      if (call.answeredAt !== undefined) {
        waiting++;
        if (call.own) {
          ownWaiting++;
          waitingLeft.push(call.answeredAt + deadlineMs - now);
        }
      } else {
        ringing++;
        if (call.own) ownRinging++;
        const k = Math.floor((now - call.placedAt) / binMs);
        byAge[k < 0 ? 0 : k >= nR ? nR - 1 : k]! += 1;
      }
    }
    this.ringing = ringing;
    this.ownRinging = ownRinging;
    this.waiting = waiting;
    this.ownWaiting = ownWaiting;
  }

  /** Builds supply, demand and the base X_j from the last scan. */
  forecast(talk: TalkTimeStats, refree: boolean): void {
    const ring = this.ring!;
    const nR = this.bins;
    const horizon = this.horizon;
    const binMs = this.binMs;
    const supplyMean = this.supplyMean;
    const supplyVar = this.supplyVar;
    supplyVar.fill(0, 0, horizon);

    // Wrap-up ends (certain), cumulative.
    let acc = 0;
    for (let i = 0; i < horizon; i++) {
      acc += this.wrapEnds[i]!;
      supplyMean[i] = acc;
    }
    // Talk ends, then wrap-up.
    const key = `${horizon}/${binMs}/${this.wrapMs}`;
    if (talk.version !== this.talkRowsVersion || key !== this.talkRowsKey) {
      this.talkRows.clear();
      this.talkRowsVersion = talk.version;
      this.talkRowsKey = key;
    }
    for (let c = 0; c < CLASSES; c++) {
      const count = this.classCount[c]!;
      if (count === 0) continue;
      const row = this.talkRow(talk, Math.round(this.classElapsed[c]! / count / 1000));
      for (let i = this.firstTalkBin; i < horizon; i++) {
        const q = row[i]!;
        supplyMean[i]! += count * q;
        supplyVar[i]! += count * q * (1 - q);
      }
    }

    // Answers to come from the ringing calls: a call in age bucket k is answered by the end of bin j
    // with chance (cumA[k + j + 1] − cumA[k]) / surv[k], constant once k + j + 1 ≥ nR (added through
    // a difference array). Variance: the binomial bound D (1 − D / n).
    const demandMean = this.demandMean;
    const demandVar = this.demandVar;
    demandMean.fill(0, 0, nR + 1);
    demandVar.fill(0, 0, nR + 1);
    const cumA = ring.answerCumulative;
    const surv = ring.survival;
    const tail = demandVar;
    for (let k = 0; k < nR; k++) {
      const n = this.ringingByAge[k]!;
      if (n === 0) continue;
      const s = surv[k]!;
      if (s <= 1e-9) continue;
      const base = cumA[k]!;
      const w = n / s;
      const last = nR - k - 1;
      for (let j = 0; j < last; j++) demandMean[j]! += w * (cumA[k + j + 1]! - base);
      tail[last]! += w * (cumA[nR]! - base);
    }
    acc = 0;
    const n = this.ringing;
    const perBin = this.answersPerBin;
    let prev = 0;
    for (let j = 0; j < nR; j++) {
      acc += tail[j]!;
      const d = demandMean[j]! + acc;
      demandMean[j] = d;
      demandVar[j] = n > 0 ? d * Math.max(0, 1 - d / n) : 0;
      perBin[j] = d - prev;
      prev = d;
    }

    // Agents who take a call meanwhile and free up again within the horizon.
    if (refree) {
      const row0 = this.talkRow(talk, 0);
      const first = this.firstTalkBin;
      for (let t = first; t < horizon; t++) {
        let add = this.waiting * row0[t]!;
        const last = Math.min(nR - 1, t - first);
        for (let i = 0; i <= last; i++) add += perBin[i]! * row0[t - i]!;
        supplyMean[t]! += add;
        supplyVar[t]! += add;
      }
    }

    // X_j for a call answered mid-bin j.
    const dl = this.deadlineBins;
    let prevMean = 0;
    let prevVar = 0;
    for (let j = 0; j < nR; j++) {
      const dMid = 0.5 * (prevMean + demandMean[j]!);
      const vMid = 0.5 * (prevVar + demandVar[j]!);
      prevMean = demandMean[j]!;
      prevVar = demandVar[j]!;
      this.baseMean[j] = this.free + supplyMean[j + dl]! - this.waiting - dMid;
      this.baseVar[j] = supplyVar[j + dl]! + vMid;
      this.abandonNow[j] = chanceAtMost(0, this.baseMean[j]!, this.baseVar[j]!);
    }
  }

  /** Expected abandons of this campaign's calls in flight (ringing and waiting). */
  committedAbandons(): number {
    let ringingAbandons = 0;
    for (let j = 0; j < this.bins; j++) ringingAbandons += this.answersPerBin[j]! * this.abandonNow[j]!;
    let total = this.ringing > 0 ? (ringingAbandons * this.ownRinging) / this.ringing : 0;
    if (this.ownWaiting > 0) {
      const left = this.waitingLeft.sort((a, b) => a - b);
      const othersAhead = this.waiting - this.ownWaiting;
      for (let w = 0; w < left.length; w++) {
        const i = left[w]! <= 0 ? 0 : Math.min(this.horizon - 1, Math.floor(left[w]! / this.binMs));
        total += chanceAtMost(othersAhead + w, this.free + this.supplyMean[i]!, this.supplyVar[i]!);
      }
    }
    return total;
  }

  /**
   * Expected abandons added by one more call placed now, after `placed` others placed now:
   * its own chance of being abandoned plus the abandons it causes among the calls answered later.
   */
  marginalAbandons(placed: number, displacement = 1): number {
    const ring = this.ring!;
    const dens = ring.answerDensity;
    const cumA = ring.answerCumulative;
    const perBin = this.answersPerBin;
    let total = 0;
    let displaced = 0;
    for (let j = this.bins - 1; j >= 0; j--) {
      const d = dens[j]!;
      const c0 = cumA[j]! + 0.5 * d;
      const mean = this.baseMean[j]! - placed * c0;
      const variance = this.baseVar[j]! + placed * c0 * (1 - c0);
      let p0: number;
      let p1: number;
      if (variance < 1e-9) {
        p0 = mean < 0.5 ? 1 : 0;
        p1 = mean < 1.5 ? 1 : 0;
      } else {
        const sd = Math.sqrt(variance);
        p0 = fastNormalCdf((0.5 - mean) / sd);
        p1 = fastNormalCdf((1.5 - mean) / sd);
      }
      const later = perBin[j]! + placed * d;
      const lost = later * (p1 - p0);
      if (d > 0) total += d * (p0 + (1 - p0) * Math.min(1, displacement * (displaced + 0.5 * lost)));
      displaced += lost;
    }
    return total;
  }

  /** Chance that a talk of `elapsed` s has ended by bin i − wrap, for the bins past the wrap-up. */
  private talkRow(talk: TalkTimeStats, elapsed: number): Float64Array {
    let row = this.talkRows.get(elapsed);
    if (row === undefined) {
      if (this.talkRows.size > 4096) this.talkRows.clear();
      row = new Float64Array(this.horizon);
      for (let i = this.firstTalkBin; i < this.horizon; i++) {
        row[i] = talk.endChance(elapsed, (i * this.binMs - this.wrapMs) / 1000);
      }
      this.talkRows.set(elapsed, row);
    }
    return row;
  }

  private ensureSize(size: number): void {
    if (size <= this.ringingByAge.length) return;
    this.ringingByAge = new Float64Array(size);
    this.wrapEnds = new Float64Array(size);
    this.supplyMean = new Float64Array(size);
    this.supplyVar = new Float64Array(size);
    this.demandMean = new Float64Array(size);
    this.demandVar = new Float64Array(size);
    this.answersPerBin = new Float64Array(size);
    this.baseMean = new Float64Array(size);
    this.baseVar = new Float64Array(size);
    this.abandonNow = new Float64Array(size);
  }
}

/** P(X ≤ k) for an integer count X ≈ Normal(mean, variance), continuity-corrected. */
function chanceAtMost(k: number, mean: number, variance: number): number {
  if (variance < 1e-9) return mean < k + 0.5 ? 1 : 0;
  return fastNormalCdf((k + 0.5 - mean) / Math.sqrt(variance));
}
