/**
 * Turns the engine's call events into the per-call records the summary is computed from, in
 * seconds from the start of the simulation. A call still talking when the run stops has an
 * unbounded talk time, which the summary clips to the span.
 */
import type { DialerEvents } from '../dialer/dialerEvents.ts';
import type { CallRecord } from './summary.ts';

interface MutableRecord {
  placedAt: number;
  answeredAt?: number;
  connectedAt?: number;
  abandonedAt?: number;
  talkSeconds?: number;
}

export class CallRecorder {
  readonly records: CallRecord[] = [];
  private readonly live = new Map<string, MutableRecord>();

  constructor(
    events: DialerEvents,
    private readonly originMs: number,
  ) {
    const seconds = (at: number): number => (at - this.originMs) / 1000;
    events.on('call:placed', (e) => {
      const record: MutableRecord = { placedAt: seconds(e.at) };
      this.records.push(record);
      this.live.set(e.sessionId, record);
    });
    events.on('call:answered', (e) => {
      const r = this.live.get(e.sessionId);
      if (r) r.answeredAt = seconds(e.at);
    });
    events.on('call:connected', (e) => {
      const r = this.live.get(e.sessionId);
      if (r) {
        r.connectedAt = seconds(e.at);
        r.talkSeconds = Number.POSITIVE_INFINITY;
      }
    });
    events.on('call:abandoned', (e) => {
      const r = this.live.get(e.sessionId);
      if (r && r.abandonedAt === undefined) r.abandonedAt = seconds(e.at);
    });
    events.on('call:ended', (e) => {
      const r = this.live.get(e.sessionId);
      if (!r) return;
      if (e.talkSeconds !== undefined) r.talkSeconds = e.talkSeconds;
      this.live.delete(e.sessionId);
    });
  }
}
