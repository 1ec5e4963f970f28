/**
 * The pacing trace: one row per pacing decision — when, the pool's agents by state, calls in
 * flight and waiting, what the pacer asked for and what capacity let through, and the pacer's own
 * estimates — so a supervisor can see why it dialed. Written as CSV.
 */
import type { DialerEventMap, DialerEvents } from '../dialer/dialerEvents.ts';

export interface TraceRow {
  /** Seconds from the start. */
  readonly time: number;
  readonly decision: DialerEventMap['pacer:decision'];
}

export class DecisionTrace {
  readonly rows: TraceRow[] = [];
  private readonly estimateKeys = new Set<string>();

  constructor(events: DialerEvents, originMs: number) {
    events.on('pacer:decision', (decision) => {
      this.rows.push({ time: (decision.at - originMs) / 1000, decision });
      for (const key in decision.estimates) this.estimateKeys.add(key);
    });
  }

  /** The trace as CSV text (header, then one line per decision). */
  toCsv(): string {
    const keys = [...this.estimateKeys];
    const header = [
      'time',
      'campaign',
      'free_agents',
      'busy_agents',
      'wrap_up_agents',
      'calls_in_flight',
      'waiting_calls',
      'asked',
      'calls_placed',
      ...keys.map((k) => `est_${k}`),
    ];
    const lines = [header.join(',')];
    for (const { time, decision: d } of this.rows) {
      const cells: Array<string | number> = [
        round(time, 3),
        d.campaignId,
        d.freeAgents,
        d.busyAgents,
        d.wrapUpAgents,
        d.callsInFlight,
        d.waitingCalls,
        d.asked,
        d.placed,
      ];
      for (const k of keys) {
        const v = d.estimates[k];
        cells.push(v === undefined || !Number.isFinite(v) ? '' : round(v, 6));
      }
      lines.push(cells.join(','));
    }
    return `${lines.join('\n')}\n`;
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
