/**
 * The agents of one skill group and the calls competing for them: what the pacers of the group's
 * campaigns see (`agents`, `calls`: live arrays, never copied), the free agents longest-idle first,
 * and the answered calls waiting for one.
 */

import type { AgentSeat } from './agentSeat.ts';
import type { CampaignRun } from './campaignRun.ts';
import type { LiveCall } from './liveCall.ts';
import type { AgentView, CallView } from './pacing/pacer.ts';

export class AgentPool {
  /** On-duty seats (free, busy, afterCallWork). */
  readonly agents: AgentSeat[] = [];
  /** Calls placed and neither connected nor ended nor abandoned; `call.slot` is the index. */
  readonly calls: LiveCall[] = [];
  /** Answered calls waiting for an agent. */
  readonly waiting: LiveCall[] = [];
  /** The pool's running campaigns, by priority. */
  readonly runs: CampaignRun[] = [];
  /** The campaign whose pacer is deciding now (CallView.own). */
  asking: CampaignRun | undefined;
  /** A pacing pass is scheduled for the clock's next turn. */
  paceScheduled = false;
  private freeQueue: Array<{ seat: AgentSeat; stamp: number }> = [];
  private freeHead = 0;
  private turn = 0;

  constructor(
    readonly skillGroupId: number,
    readonly sdkAppId: number,
    public name: string,
  ) {}

  get agentViews(): readonly AgentView[] {
    return this.agents as unknown as readonly AgentView[];
  }

  get callViews(): readonly CallView[] {
    return this.calls;
  }

  // --- seats

  join(seat: AgentSeat): void {
    if (!seat.pools.includes(this)) seat.pools.push(this);
    this.updateDuty(seat);
    if (seat.state === 'free') this.offer(seat);
  }

  leave(seat: AgentSeat): void {
    const i = seat.pools.indexOf(this);
    if (i >= 0) seat.pools.splice(i, 1);
    const j = this.agents.indexOf(seat);
    if (j >= 0) this.agents.splice(j, 1);
  }

  /** Keeps `agents` in step with the seat's status (on duty or not). */
  updateDuty(seat: AgentSeat): void {
    const i = this.agents.indexOf(seat);
    if (seat.onDuty && i < 0) this.agents.push(seat);
    else if (!seat.onDuty && i >= 0) this.agents.splice(i, 1);
  }

  /** A seat became free: it queues behind the seats free before it. */
  offer(seat: AgentSeat): void {
    this.freeQueue.push({ seat, stamp: seat.freeStamp });
  }

  /** The longest-idle free seat, taken off the queue; undefined when none is free. */
  takeFree(): AgentSeat | undefined {
    const queue = this.freeQueue;
    while (this.freeHead < queue.length) {
      const entry = queue[this.freeHead++]!;
      const seat = entry.seat;
      if (
        seat.state === 'free' &&
        seat.freeStamp === entry.stamp &&
        seat.call === undefined &&
        seat.pools.includes(this)
      ) {
        this.compactFreeQueue();
        return seat;
      }
    }
    this.freeQueue = [];
    this.freeHead = 0;
    return undefined;
  }

  private compactFreeQueue(): void {
    if (this.freeHead > 1024 && this.freeHead * 2 > this.freeQueue.length) {
      this.freeQueue = this.freeQueue.slice(this.freeHead);
      this.freeHead = 0;
    }
  }

  // --- calls

  addCall(call: LiveCall): void {
    call.slot = this.calls.length;
    this.calls.push(call);
  }

  removeCall(call: LiveCall): void {
    if (call.slot < 0) return;
    const last = this.calls.pop()!;
    if (last !== call) {
      this.calls[call.slot] = last;
      last.slot = call.slot;
    }
    call.slot = -1;
  }

  removeWaiting(call: LiveCall): void {
    const i = this.waiting.indexOf(call);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** The waiting call an agent should take next: the highest-priority campaign's, oldest first. */
  nextWaiting(): LiveCall | undefined {
    let best: LiveCall | undefined;
    for (const call of this.waiting) {
      if (
        !best ||
        call.run.priority < best.run.priority ||
        (call.run.priority === best.run.priority && call.answeredAt! < best.answeredAt!)
      ) {
        best = call;
      }
    }
    if (best) this.removeWaiting(best);
    return best;
  }

  // --- campaigns

  addRun(run: CampaignRun): void {
    if (!this.runs.includes(run)) this.runs.push(run);
    this.sortRuns();
  }

  removeRun(run: CampaignRun): void {
    const i = this.runs.indexOf(run);
    if (i >= 0) this.runs.splice(i, 1);
  }

  sortRuns(): void {
    this.runs.sort((a, b) => a.priority - b.priority || a.campaignId - b.campaignId);
  }

  /**
   * The campaigns in the order their pacers are asked this time: priority 1 first; campaigns of
   * equal priority take turns at going first, so they share the agents fairly.
   */
  orderForPacing(): readonly CampaignRun[] {
    const runs = this.runs;
    if (runs.length <= 1) return runs;
    const turn = this.turn++;
    const ordered: CampaignRun[] = [];
    for (let i = 0; i < runs.length; ) {
      let j = i;
      while (j < runs.length && runs[j]!.priority === runs[i]!.priority) j++;
      const size = j - i;
      for (let k = 0; k < size; k++) ordered.push(runs[i + ((turn + k) % size)]!);
      i = j;
    }
    return ordered;
  }
}
