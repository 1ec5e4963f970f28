/**
 * The simulator's figures over time, for the chart: per step, the agents' occupancy in that step,
 * the abandon rate so far, and the abandon rate of the hour up to the step's end — with the same
 * conventions as summary.ts (answer time places a call; IVR hand-offs are abandons; talk and
 * wrap-up clipped to the span).
 */
import type { CallRecord } from './summary.ts';

export interface SeriesPoint {
  /** End of the step, seconds from the start. */
  readonly t: number;
  /** (talk + wrap) in the step / (agents × step), a fraction. */
  readonly occupancy: number;
  /** Abandoned / answered up to t, a fraction. */
  readonly abandonRate: number;
  /** Abandoned / answered in (t − 3600, t], a fraction. */
  readonly rollingHourAbandonRate: number;
}

export interface SeriesInput {
  readonly calls: readonly CallRecord[];
  readonly agents: number;
  readonly simulatedSeconds: number;
  readonly wrapSeconds: number;
  readonly stepSeconds: number;
}

export function timeSeries(input: SeriesInput): SeriesPoint[] {
  const { calls, agents, simulatedSeconds: span, wrapSeconds, stepSeconds: step } = input;
  const steps = Math.max(1, Math.ceil(span / step));
  const busy = new Float64Array(steps);
  const answered = new Float64Array(steps);
  const abandoned = new Float64Array(steps);
  const addBusy = (from: number, to: number): void => {
    const a = Math.max(0, from);
    const b = Math.min(span, to);
    if (b <= a) return;
    for (let i = Math.floor(a / step); i < steps && i * step < b; i++) {
      const lo = Math.max(a, i * step);
      const hi = Math.min(b, (i + 1) * step);
      if (hi > lo) busy[i]! += hi - lo;
    }
  };
  for (const call of calls) {
    const isConnected = call.connectedAt !== undefined;
    const isAbandoned = !isConnected && call.abandonedAt !== undefined;
    if (!isConnected && !isAbandoned) continue;
    const answerTime = call.answeredAt ?? call.connectedAt ?? call.abandonedAt ?? 0;
    const i = Math.min(steps - 1, Math.max(0, Math.floor(answerTime / step)));
    answered[i]! += 1;
    if (isAbandoned) {
      abandoned[i]! += 1;
      continue;
    }
    const start = call.connectedAt!;
    const talkEnd = start + Math.min(call.talkSeconds ?? 0, span - start);
    addBusy(start, talkEnd);
    addBusy(talkEnd, talkEnd + wrapSeconds);
  }
  const points: SeriesPoint[] = [];
  const hourSteps = Math.max(1, Math.round(3600 / step));
  let totalAnswered = 0;
  let totalAbandoned = 0;
  let hourAnswered = 0;
  let hourAbandoned = 0;
  for (let i = 0; i < steps; i++) {
    totalAnswered += answered[i]!;
    totalAbandoned += abandoned[i]!;
    hourAnswered += answered[i]!;
    hourAbandoned += abandoned[i]!;
    if (i >= hourSteps) {
      hourAnswered -= answered[i - hourSteps]!;
      hourAbandoned -= abandoned[i - hourSteps]!;
    }
    const t = Math.min(span, (i + 1) * step);
    const width = t - i * step;
    points.push({
      t,
      occupancy: agents > 0 && width > 0 ? busy[i]! / (agents * width) : 0,
      abandonRate: totalAnswered > 0 ? totalAbandoned / totalAnswered : 0,
      rollingHourAbandonRate: hourAnswered > 0 ? hourAbandoned / hourAnswered : 0,
    });
  }
  return points;
}
