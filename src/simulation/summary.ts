/**
 * The what-if simulator's summary figures, exactly as DESIGN.md "The what-if simulator" defines them,
 * computed from per-call records. Pure; O(calls + minutes), so a 300k-call day takes a few ms.
 *
 * Conventions:
 * - All times are **seconds** from the start of the simulation (t = 0); the simulation covers
 *   [0, simulatedSeconds]. Records describe what happened inside that span.
 * - answered = connected + abandoned (IVR hand-offs count as abandoned). A call answered but still
 *   waiting for an agent when the simulation stops is neither, so it is not counted as answered.
 * - A call's answer time is `answeredAt` (falling back to `connectedAt`, then `abandonedAt`).
 * - Rolling hour: windows [s, s + 3600) for s = 0, 60, 120, … while s + 3600 ≤ simulatedSeconds
 *   (a run shorter than an hour has the one window [0, simulatedSeconds]); calls are placed in
 *   windows by their answer time; a window's rate is abandoned / answered (0 when nothing was
 *   answered); the figure is the largest.
 * - Talk and wrap-up are clipped to the simulated span: a call still in talk at the end counts the
 *   talk until then; wrap-up (`wrapSeconds` after every connected call) likewise.
 * - occupancy = (talk + wrap) / (agents × simulatedSeconds);
 *   talkMinutesPerAgentHour = talk minutes / (agents × simulated hours).
 */

export interface CallRecord {
  /** When the call was placed, seconds. */
  readonly placedAt: number;
  /** When the callee answered, seconds. */
  readonly answeredAt?: number;
  /** When an agent took the call, seconds. */
  readonly connectedAt?: number;
  /** When the answered call was abandoned (no agent within the connect deadline), seconds. */
  readonly abandonedAt?: number;
  /** Talk time of a connected call, seconds (may run past the end; it is clipped). */
  readonly talkSeconds?: number;
}

export interface SummaryInput {
  readonly calls: readonly CallRecord[];
  readonly agents: number;
  readonly simulatedSeconds: number;
  readonly wrapSeconds: number;
}

export interface SimulationSummary {
  readonly attempts: number;
  readonly answered: number;
  readonly connected: number;
  readonly abandoned: number;
  /** abandoned / answered, a fraction (0 when nothing was answered). */
  readonly abandonRate: number;
  /** Largest abandoned / answered over the rolling-hour windows, a fraction. */
  readonly maxRollingHourAbandonRate: number;
  /** (talk + wrap) / (agents × simulated time), a fraction. */
  readonly occupancy: number;
  /** Talk minutes / (agents × simulated hours). */
  readonly talkMinutesPerAgentHour: number;
}

const HOUR = 3600;
const STEP = 60;

export function summarize(input: SummaryInput): SimulationSummary {
  const { calls, agents, simulatedSeconds: span, wrapSeconds } = input;
  const minutes = Math.max(1, Math.ceil(span / STEP));
  const answeredPerMinute = new Float64Array(minutes + 1);
  const abandonedPerMinute = new Float64Array(minutes + 1);
  let connected = 0;
  let abandoned = 0;
  let talk = 0;
  let wrap = 0;
  for (const call of calls) {
    const isConnected = call.connectedAt !== undefined;
    const isAbandoned = !isConnected && call.abandonedAt !== undefined;
    if (!isConnected && !isAbandoned) continue;
    const answerTime = call.answeredAt ?? call.connectedAt ?? call.abandonedAt ?? 0;
    const minute = Math.min(minutes, Math.max(0, Math.floor(answerTime / STEP)));
    answeredPerMinute[minute]! += 1;
    if (isAbandoned) {
      abandoned++;
      abandonedPerMinute[minute]! += 1;
      continue;
    }
    connected++;
    const start = call.connectedAt!;
    const left = Math.max(0, span - start);
    const callTalk = Math.min(call.talkSeconds ?? 0, left);
    talk += callTalk;
    wrap += Math.max(0, Math.min(wrapSeconds, left - callTalk));
  }
  const answered = connected + abandoned;
  return {
    attempts: calls.length,
    answered,
    connected,
    abandoned,
    abandonRate: answered === 0 ? 0 : abandoned / answered,
    maxRollingHourAbandonRate: maxRollingHourRate(answeredPerMinute, abandonedPerMinute, span),
    occupancy: agents > 0 && span > 0 ? (talk + wrap) / (agents * span) : 0,
    talkMinutesPerAgentHour: agents > 0 && span > 0 ? talk / 60 / (agents * (span / HOUR)) : 0,
  };
}

/** Sliding sum over 60 one-minute buckets, one window per minute step. */
function maxRollingHourRate(answered: Float64Array, abandoned: Float64Array, span: number): number {
  const windowMinutes = HOUR / STEP;
  if (span < HOUR) {
    let ans = 0;
    let ab = 0;
    for (let m = 0; m < answered.length; m++) {
      ans += answered[m]!;
      ab += abandoned[m]!;
    }
    return ans === 0 ? 0 : ab / ans;
  }
  const lastStart = Math.floor((span - HOUR) / STEP);
  let ans = 0;
  let ab = 0;
  for (let m = 0; m < windowMinutes; m++) {
    ans += answered[m] ?? 0;
    ab += abandoned[m] ?? 0;
  }
  let worst = ans === 0 ? 0 : ab / ans;
  for (let start = 1; start <= lastStart; start++) {
    const out = start - 1;
    const inn = start + windowMinutes - 1;
    ans += (answered[inn] ?? 0) - answered[out]!;
    ab += (abandoned[inn] ?? 0) - abandoned[out]!;
    if (ans > 0 && ab / ans > worst) worst = ab / ans;
  }
  return worst;
}
