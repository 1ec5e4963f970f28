/**
 * A call's progress once it is dialed, driven by the telephony adapter's events: the answer is
 * committed before an agent is joined, the agent's `busy` before the bridge, the outcome before
 * the callee or the agent moves on. An answered call waits for a free agent (longest idle first)
 * until its connect deadline, then is abandoned — to the IVR when the campaign names one.
 */
import type { Clock } from '../domain/clock.ts';
import { EndStatus } from '../domain/endStatus.ts';
import { calleeOutcomeAfter } from '../domain/retryPolicy.ts';
import { type CallPhase, endStatusOf } from '../telephony/callCause.ts';
import type { CallEnd, Telephony } from '../telephony/telephony.ts';
import type { AgentPool } from './agentPool.ts';
import type { AgentRouter } from './agentRouter.ts';
import type { AgentSeat } from './agentSeat.ts';
import type { CampaignRun } from './campaignRun.ts';
import type { DialerEvents } from './dialerEvents.ts';
import type { EngineContext } from './engineContext.ts';
import type { CallEventSink, LiveCall, LivePhase } from './liveCall.ts';
import type { DialerStore } from './ports/dialerStore.ts';

export interface CallProgressDeps {
  readonly agents: AgentRouter;
  /** How long an answered call waits for an agent before it is abandoned, ms. */
  readonly deadlineMs: number;
  /** Paces the pool now (PoolPacing). */
  pace(pool: AgentPool): void;
  /** Commits the campaign's due status transition, if any (CampaignLoader). */
  checkLifecycle(run: CampaignRun, now: number): void;
}

export class CallProgress implements CallEventSink {
  private readonly store: DialerStore;
  private readonly telephony: Telephony;
  private readonly clock: Clock;
  private readonly events: DialerEvents;
  private readonly calls: Map<string, LiveCall>;
  private readonly agents: AgentRouter;
  private readonly deadlineMs: number;

  constructor(
    private readonly ctx: EngineContext,
    private readonly deps: CallProgressDeps,
  ) {
    this.store = ctx.store;
    this.telephony = ctx.telephony;
    this.clock = ctx.clock;
    this.events = ctx.events;
    this.calls = ctx.calls;
    this.agents = deps.agents;
    this.deadlineMs = deps.deadlineMs;
  }

  /** Ends a live call (both legs). Resolves false when this node has no such live call. */
  async hangUp(sessionId: string): Promise<boolean> {
    const call = this.calls.get(sessionId);
    if (!call || call.phase === 'ended') return false;
    call.cancelRequested = true;
    const handle = call.handle ?? (await call.dialing);
    // No handle: the network refused the call, which is ending anyway.
    if (!handle) return true;
    await this.telephony.hangup(handle);
    return true;
  }

  // --- telephony events (CallEventSink)

  callRinging(call: LiveCall): void {
    if (call.phase !== 'dialing') return;
    call.phase = 'ringing';
    this.ctx.track(
      this.store.recordProgress({ kind: 'ringing', sessionId: call.sessionId, at: this.clock.now() }),
    );
  }

  callAnswered(call: LiveCall): void {
    if (call.phase !== 'dialing' && call.phase !== 'ringing') return;
    this.ctx.track(this.answered(call));
  }

  callBridged(_call: LiveCall): void {}

  callEnded(call: LiveCall, end: CallEnd): void {
    if (call.phase === 'ended' || call.phase === 'claiming') return;
    this.ctx.track(this.ended(call, end));
  }

  private async answered(call: LiveCall): Promise<void> {
    const now = this.clock.now();
    const run = call.run;
    call.phase = 'waiting';
    call.answeredAt = now;
    run.pacer.observe({ type: 'answered', at: now, ringSeconds: (now - call.placedAt) / 1000 });
    if (this.events.has('call:answered')) {
      this.events.emit('call:answered', {
        at: now,
        campaignId: run.campaignId,
        sessionId: call.sessionId,
        ringSeconds: (now - call.placedAt) / 1000,
      });
    }
    call.deadline = this.clock.setTimer(this.deadlineMs, () => this.deadlinePassed(call));
    await this.store.recordProgress({ kind: 'answered', sessionId: call.sessionId, at: now });
    // A write slower than the connect deadline: the call was abandoned meanwhile (its phase may
    // still say waiting while it is handed to the IVR or hung up), so no agent may take it.
    if (call.phase !== 'waiting' || call.abandonedAt !== undefined) return;
    run.pool.waiting.push(call);
    this.serveWaiting(run.pool);
    this.deps.pace(run.pool);
  }

  /** Gives waiting calls to free agents, longest-idle agent first. */
  serveWaiting(pool: AgentPool): void {
    while (pool.waiting.length > 0) {
      const seat = pool.takeFree();
      if (!seat) return;
      const call = pool.nextWaiting()!;
      this.ctx.track(this.connect(call, seat));
    }
  }

  private async connect(call: LiveCall, seat: AgentSeat): Promise<void> {
    const now = this.clock.now();
    const run = call.run;
    const pool = run.pool;
    // Reserved in memory at once, so no other call or pacer counts on this agent or this call.
    call.phase = 'connecting';
    call.seat = seat;
    pool.removeCall(call);
    let taken: boolean;
    try {
      taken = await this.agents.takeForCall(seat, call, now);
    } catch (error) {
      // The agent's busy could not be written: the call waits for another agent.
      call.seat = undefined;
      this.requeue(call);
      throw error;
    }
    if (!taken) {
      // The agent left `free` behind our back (rest, notReady, offline): another agent, or wait.
      call.seat = undefined;
      this.requeue(call);
      return;
    }
    const handle = call.handle ?? (await call.dialing);
    let bridged = false;
    if (handle && call.phase === 'connecting') {
      try {
        await this.telephony.bridge(handle, { mail: seat.record.mail, sipUri: seat.record.sipUri });
        bridged = true;
      } catch (error) {
        this.ctx.logFor(call).warn({ err: error }, 'could not bridge the agent');
      }
    }
    if (!bridged || call.phase !== 'connecting') {
      // The agent's leg failed, or the callee hung up meanwhile: the agent is free again.
      call.seat = undefined;
      await this.agents.callFellThrough(seat);
      if (call.phase === 'connecting') this.requeue(call);
      return;
    }
    const at = this.clock.now();
    call.phase = 'connected';
    call.connectedAt = at;
    if (call.deadline) this.clock.clearTimer(call.deadline);
    call.deadline = undefined;
    const waitSeconds = (at - call.answeredAt!) / 1000;
    run.pacer.observe({ type: 'connected', at, waitSeconds });
    if (this.events.has('call:connected')) {
      this.events.emit('call:connected', {
        at,
        campaignId: run.campaignId,
        sessionId: call.sessionId,
        agent: seat.record.mail,
        waitSeconds,
      });
    }
    await this.store.recordProgress({
      kind: 'connected',
      sessionId: call.sessionId,
      at,
      seatUser: seat.record.userId,
      seatMail: seat.record.mail,
      staffNumber: seat.record.staffNumber,
    });
  }

  /** A call whose agent fell through waits again (or is abandoned, if its deadline passed). */
  private requeue(call: LiveCall): void {
    if (call.phase !== 'connecting') return;
    call.phase = 'waiting';
    const pool = call.run.pool;
    pool.addCall(call);
    if (this.clock.now() >= call.answeredAt! + this.deadlineMs) {
      this.deadlinePassed(call);
      return;
    }
    pool.waiting.push(call);
    this.serveWaiting(pool);
  }

  private deadlinePassed(call: LiveCall): void {
    if (call.phase !== 'waiting' || call.abandonedAt !== undefined) return;
    this.ctx.track(this.abandon(call));
  }

  private async abandon(call: LiveCall): Promise<void> {
    const now = this.clock.now();
    const run = call.run;
    call.deadline = undefined;
    call.abandonedAt = now;
    run.pool.removeWaiting(call);
    run.pool.removeCall(call);
    run.pacer.observe({ type: 'abandoned', at: now });
    const ivrTarget = run.settings.ivrId === null ? undefined : run.app.ivrTarget(run.settings.ivrId);
    const endStatus = ivrTarget === undefined ? EndStatus.WaitingGiveUp : EndStatus.IvrEnd;
    if (this.events.has('call:abandoned')) {
      this.events.emit('call:abandoned', {
        at: now,
        campaignId: run.campaignId,
        sessionId: call.sessionId,
        endStatus,
      });
    }
    this.deps.pace(run.pool);
    const handle = call.handle ?? (await call.dialing);
    if (!handle || call.phase === 'ended') return;
    if (ivrTarget !== undefined) {
      call.phase = 'ivr';
      try {
        await this.telephony.handOff(handle, ivrTarget);
        return;
      } catch (error) {
        this.ctx.logFor(call).warn({ err: error, ivr: ivrTarget }, 'could not hand the call to the IVR');
        call.phase = 'waiting';
      }
    }
    await this.telephony.hangup(handle);
  }

  private async ended(call: LiveCall, end: CallEnd): Promise<void> {
    const now = this.clock.now();
    const run = call.run;
    const pool = run.pool;
    const before: LivePhase = call.phase;
    call.phase = 'ended';
    // Its line is free from now on (capacity released below), whenever its outcome is written.
    this.calls.delete(call.sessionId);
    if (call.deadline) this.clock.clearTimer(call.deadline);
    call.deadline = undefined;
    pool.removeCall(call);
    if (before === 'waiting') pool.removeWaiting(call);
    run.app.capacity.release();
    run.app.callerCapacity(call.caller).release();
    const endStatus = endStatusOf(end.cause, phaseOf(before));
    let talkSeconds: number | undefined;
    if (before === 'dialing' || before === 'ringing') {
      if (end.cause !== 'cancelled') {
        run.pacer.observe({
          type: 'unanswered',
          at: now,
          seconds: (now - call.placedAt) / 1000,
          cause: end.cause === 'busy' ? 'busy' : end.cause === 'noAnswer' ? 'noAnswer' : 'failed',
        });
      }
    } else if (before === 'connected') {
      talkSeconds = (now - call.connectedAt!) / 1000;
      run.pacer.observe({ type: 'talkEnded', at: now, talkSeconds });
    } else if ((before === 'waiting' || before === 'connecting') && call.abandonedAt === undefined) {
      // The callee hung up before an agent came: abandoned all the same.
      call.abandonedAt = now;
      run.pacer.observe({ type: 'abandoned', at: now });
      if (this.events.has('call:abandoned')) {
        this.events.emit('call:abandoned', {
          at: now,
          campaignId: run.campaignId,
          sessionId: call.sessionId,
          endStatus: EndStatus.WaitingGiveUp,
        });
      }
    }
    const hungUpSide = end.side;
    const callee = calleeOutcomeAfter({ endStatus, attempt: call.attempt, endedAt: now }, run.retryRules);
    const seat = before === 'connected' ? call.seat : undefined;
    const wrapping = seat ? this.agents.callEnded(seat, now) : false;
    // Until the outcome is written the agent stays on the call (the seat's write is pending).
    const finished = await this.ctx.persist('finish attempt', () =>
      this.store.finishAttempt({
        sessionId: call.sessionId,
        campaignId: run.campaignId,
        calleeSeq: call.calleeSeq,
        endStatus,
        hungUpSide,
        endedAt: now,
        callee,
        telephonyIds: call.handle?.telephonyIds ?? end.telephonyIds,
      }),
    );
    if (this.events.has('call:ended')) {
      this.events.emit('call:ended', {
        at: now,
        campaignId: run.campaignId,
        sessionId: call.sessionId,
        calleeSeq: call.calleeSeq,
        attempt: call.attempt,
        endStatus,
        hungUpSide,
        talkSeconds,
        calleeFinished: callee.state === 'finished',
      });
    }
    if (finished) {
      run.calleeCount = finished.calleeCount;
      run.finishedCalleeCount = finished.finishedCalleeCount;
      if (run.finishedCalleeCount >= run.calleeCount) this.deps.checkLifecycle(run, this.clock.now());
    }
    if (seat && wrapping) await this.agents.commitCallEnd(seat, now);
    this.deps.pace(pool);
  }
}

function phaseOf(phase: LivePhase): CallPhase {
  switch (phase) {
    case 'connected':
      return 'connected';
    case 'ivr':
      return 'ivr';
    case 'waiting':
    case 'connecting':
      return 'waiting';
    case 'ringing':
      return 'ringing';
    default:
      return 'dialing';
  }
}
