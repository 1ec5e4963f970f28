/**
 * Placing calls: capacity is taken for them at once (they are in flight for the pacers while their
 * attempts are being committed), the callees are claimed and each attempt committed before it is
 * dialed, and what the store could not claim is given back — a failed claim's sessions undone in
 * the store too, in case it committed them all the same.
 */
import { callUui, callVariables } from '../domain/callAttributes.ts';
import { CampaignStatus } from '../domain/campaign/campaignStatus.ts';
import type { Clock } from '../domain/clock.ts';
import { type CallHandle, type Telephony, TelephonyError } from '../telephony/telephony.ts';
import type { CampaignRun } from './campaignRun.ts';
import type { DialerEvents } from './dialerEvents.ts';
import type { EngineContext } from './engineContext.ts';
import { type CallEventSink, LiveCall } from './liveCall.ts';
import type { ClaimedSession, DialerStore, NewSession } from './ports/dialerStore.ts';

export interface CallPlacementDeps {
  /** Where the calls' telephony events go (CallProgress). */
  readonly sink: CallEventSink;
  /** Ring timeout asked of the network, s. */
  readonly ringTimeoutSeconds: number;
  readonly newSessionId: () => string;
  /** Pause between claims of a campaign that had no due callee, ms. */
  readonly dryBackoffMs: number;
}

export class CallPlacement {
  private readonly store: DialerStore;
  private readonly telephony: Telephony;
  private readonly clock: Clock;
  private readonly events: DialerEvents;
  private readonly calls: Map<string, LiveCall>;
  private readonly sink: CallEventSink;
  private readonly ringTimeoutSeconds: number;
  private readonly newSessionId: () => string;
  private readonly dryBackoffMs: number;

  constructor(
    private readonly ctx: EngineContext,
    deps: CallPlacementDeps,
  ) {
    this.store = ctx.store;
    this.telephony = ctx.telephony;
    this.clock = ctx.clock;
    this.events = ctx.events;
    this.calls = ctx.calls;
    this.sink = deps.sink;
    this.ringTimeoutSeconds = deps.ringTimeoutSeconds;
    this.newSessionId = deps.newSessionId;
    this.dryBackoffMs = deps.dryBackoffMs;
  }

  /** Takes capacity for `n` calls now; they are in flight for the pacers at once. */
  place(run: CampaignRun, n: number, now: number): void {
    const callers = run.rotation.take(run.app, now, n);
    run.app.capacity.take(now, callers.length);
    const placeholders: LiveCall[] = [];
    for (const caller of callers) {
      const call = new LiveCall(this.sink, run, now, caller);
      run.pool.addCall(call);
      placeholders.push(call);
    }
    if (placeholders.length > 0) this.ctx.track(this.claimAndDial(run, placeholders, now));
  }

  private async claimAndDial(run: CampaignRun, placeholders: LiveCall[], now: number): Promise<void> {
    const settings = run.settings;
    let next = 0;
    let placed: Awaited<ReturnType<DialerStore['claimCallees']>> = [];
    const built: ClaimedSession[] = [];
    try {
      placed = await this.store.claimCallees({
        campaignId: settings.campaignId,
        sdkAppId: settings.sdkAppId,
        skillGroupId: settings.skillGroupId,
        now,
        limit: placeholders.length,
        ...(this.ctx.ownership ? { leaseOwner: this.ctx.nodeId! } : {}),
        session: (callee): NewSession => {
          const call = placeholders[next++]!;
          call.sessionId = this.newSessionId();
          built.push({ sessionId: call.sessionId, calleeSeq: callee.seq });
          return {
            sessionId: call.sessionId,
            caller: call.caller,
            skillGroupName: run.pool.name,
            ivrId: settings.ivrId,
            uui: callUui(settings.uui, callee.uui),
            variables: callVariables(settings.variables, callee.variables),
            ownerNode: this.ctx.nodeId,
          };
        },
      });
    } catch (error) {
      this.ctx.reportError('claimCallees', error);
      await this.withdrawClaim(settings.campaignId, built);
    }
    // The attempts come back in claim order, a subsequence of the placeholders (an adapter may
    // skip a callee it could not lock after building its session): match them by session id.
    let k = 0;
    for (const attempt of placed) {
      while (k < placeholders.length && placeholders[k]!.sessionId !== attempt.session.sessionId) k++;
      const call = placeholders[k++];
      if (!call) break;
      call.calleeSeq = attempt.callee.seq;
      call.attempt = attempt.attempt;
      call.callee = attempt.callee.number;
      call.uui = attempt.session.uui;
      this.calls.set(call.sessionId, call);
    }
    // Paused while the claim committed: its calls are not to be made now. The claim is undone as
    // one never made (callees pending with the attempts they had, sessions gone), so that a Resume
    // dials them as if the pause had come first. If that fails the calls end cancelled below, as
    // a claim that crossed an Abort does, and are never dialed either.
    const pausedMeanwhile = placed.length > 0 && run.status === CampaignStatus.Paused;
    if (pausedMeanwhile && (await this.withdrawClaim(run.campaignId, built))) {
      for (const call of placeholders) {
        this.calls.delete(call.sessionId);
        call.attempt = 0;
      }
    }
    let withdrawn = 0;
    for (const call of placeholders) {
      if (call.attempt > 0) continue;
      withdrawn++;
      call.phase = 'ended';
      run.pool.removeCall(call);
      run.app.capacity.giveBack();
      run.app.callerCapacity(call.caller).giveBack();
    }
    // Nothing due, or nothing claimable: look again later. A claim undone for a pause is neither.
    if (withdrawn > 0 && !pausedMeanwhile) run.dryUntil = this.clock.now() + this.dryBackoffMs;
    for (const call of placeholders) {
      if (call.attempt === 0) continue;
      run.pacer.observe({ type: 'placed', at: now });
      if (this.events.has('call:placed')) {
        this.events.emit('call:placed', {
          at: now,
          campaignId: run.campaignId,
          sessionId: call.sessionId,
          calleeSeq: call.calleeSeq,
          attempt: call.attempt,
          caller: call.caller,
          callee: call.callee,
        });
      }
      if (
        call.cancelRequested ||
        run.status === CampaignStatus.Terminated ||
        run.status === CampaignStatus.Paused ||
        !this.ctx.running
      ) {
        call.phase = 'dialing';
        this.sink.callEnded(call, { cause: 'cancelled', side: 'system' });
      } else {
        this.dial(call);
      }
    }
  }

  /**
   * Undoes what of a claim is in the store (sessions it did not commit are skipped); true if that
   * went through. A failed claim may have committed all the same (its COMMIT went through, the
   * answer was lost): its callees would stay `dialing` on sessions nobody dials, holding the
   * campaign open until the next start's recovery. If even the undo fails, recovery still settles
   * them, and none of these callees is dialed meanwhile.
   */
  private async withdrawClaim(campaignId: number, sessions: readonly ClaimedSession[]): Promise<boolean> {
    if (sessions.length === 0) return true;
    try {
      await this.store.withdrawClaim({ campaignId, sessions });
      return true;
    } catch (error) {
      this.ctx.reportError('withdrawClaim', error);
      return false;
    }
  }

  private dial(call: LiveCall): void {
    call.phase = 'dialing';
    call.dialing = this.dialCall(call);
    this.ctx.track(call.dialing);
  }

  /** Resolves to the network's handle, or undefined when the network refused the call. */
  private async dialCall(call: LiveCall): Promise<CallHandle | undefined> {
    let handle: CallHandle;
    try {
      handle = await this.telephony.dial(
        {
          sessionId: call.sessionId,
          caller: call.caller,
          callee: call.callee,
          ringTimeoutSeconds: this.ringTimeoutSeconds,
          uui: call.uui,
        },
        call,
      );
    } catch (error) {
      if (!(error instanceof TelephonyError)) {
        this.ctx.reportError('dial', error);
        this.sink.callEnded(call, { cause: 'networkFailure', side: 'system' });
      } else {
        this.sink.callEnded(call, {
          cause: error.callCause,
          side: 'system',
          telephonyIds: error.telephonyIds,
        });
      }
      return undefined;
    }
    call.handle = handle;
    if (call.cancelRequested && (call.phase === 'dialing' || call.phase === 'ringing')) {
      this.ctx.track(this.telephony.hangup(handle));
    }
    return handle;
  }
}
