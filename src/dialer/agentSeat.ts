/**
 * An agent as the engine routes calls: the status the engine acts on, since when, the call it is
 * on, and the skill-group pools it serves. One seat per agent, shared by every pool the agent is
 * in, so an agent in two skill groups is never given two calls.
 *
 * It is also the pacer's AgentView while on duty (free, busy, afterCallWork): pools hold the seat
 * objects themselves, so no view is rebuilt per decision.
 */

import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { StaffStatus } from '../domain/staff/staffStatus.ts';
import type { AgentPool } from './agentPool.ts';
import type { LiveCall } from './liveCall.ts';
import type { AgentRecord } from './ports/dialerStore.ts';

export class AgentSeat {
  state: StaffStatus;
  /** ms: when the seat entered `state`. */
  since: number;
  /** Bumped every time the seat becomes free; stale entries of the pools' free queues are skipped. */
  freeStamp = 0;
  call: LiveCall | undefined;
  wrapTimer: TimerHandle | undefined;
  /** The engine's status writes in flight: the store row may lag behind `state` meanwhile. */
  writes = 0;
  /** An API change arrived during a write: read the store again once the writes are done. */
  recheck = false;
  readonly pools: AgentPool[] = [];

  constructor(public record: AgentRecord) {
    this.state = record.status;
    this.since = record.statusSince;
  }

  get key(): string {
    return seatKey(this.record.sdkAppId, this.record.mail);
  }

  get onDuty(): boolean {
    return onDuty(this.state);
  }

  clearWrap(clock: Clock): void {
    if (this.wrapTimer) {
      clock.clearTimer(this.wrapTimer);
      this.wrapTimer = undefined;
    }
  }
}

export function seatKey(sdkAppId: number, mail: string): string {
  return `${sdkAppId}\n${mail}`;
}

/** Logged in and in the calling cycle: what the pacer may count on. */
export function onDuty(state: StaffStatus): boolean {
  return state === 'free' || state === 'busy' || state === 'afterCallWork';
}
