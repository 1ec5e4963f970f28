/**
 * One attempt in flight, from the moment the pacer asked for it until its session is closed. It is
 * the pacer's CallView while it rings or waits for an agent, and the telephony adapter's CallEvents
 * sink (its methods forward to CallProgress, so no closures are made per call).
 */
import type { TimerHandle } from '../domain/clock.ts';
import type { CallEnd, CallEvents, CallHandle } from '../telephony/telephony.ts';
import type { AgentSeat } from './agentSeat.ts';
import type { CampaignRun } from './campaignRun.ts';
import type { CallView } from './pacing/pacer.ts';

/**
 * claiming: the attempt is being committed; dialing: handed to the network; ringing; waiting:
 * answered, no agent yet; connecting: an agent is being joined; connected: talking; ivr: abandoned
 * and handed to the IVR; ended: the network reported the end.
 */
export type LivePhase =
  | 'claiming'
  | 'dialing'
  | 'ringing'
  | 'waiting'
  | 'connecting'
  | 'connected'
  | 'ivr'
  | 'ended';

export interface CallEventSink {
  callRinging(call: LiveCall): void;
  callAnswered(call: LiveCall): void;
  callBridged(call: LiveCall): void;
  callEnded(call: LiveCall, end: CallEnd): void;
}

export class LiveCall implements CallView, CallEvents {
  phase: LivePhase = 'claiming';
  /** Index in the pool's `calls` while the pacer should see it, else -1. */
  slot = -1;
  answeredAt: number | undefined = undefined;
  connectedAt: number | undefined;
  abandonedAt: number | undefined;
  sessionId = '';
  calleeSeq = -1;
  attempt = 0;
  callee = '';
  uui = '';
  handle: CallHandle | undefined;
  dialing: Promise<CallHandle | undefined> | undefined;
  seat: AgentSeat | undefined;
  deadline: TimerHandle | undefined;
  /** Abort/EndTime/HangUpCall asked for the call to end while it rings. */
  cancelRequested = false;

  constructor(
    private readonly sink: CallEventSink,
    readonly run: CampaignRun,
    readonly placedAt: number,
    readonly caller: string,
  ) {}

  get own(): boolean {
    return this.run.pool.asking === this.run;
  }

  ringing(): void {
    this.sink.callRinging(this);
  }

  answered(): void {
    this.sink.callAnswered(this);
  }

  bridged(): void {
    this.sink.callBridged(this);
  }

  ended(end: CallEnd): void {
    this.sink.callEnded(this, end);
  }
}
