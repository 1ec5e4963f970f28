/**
 * The dialing engine: runs the campaigns of the store on a telephony adapter and a clock.
 *
 * Live state (calls in flight, agents' seats, pacers) is in memory; every change that matters is
 * committed through the DialerStore before it is acted on — the attempt before the dial, the answer
 * before an agent is joined, the agent's `busy` before the bridge, the outcome before the callee or
 * the agent moves on, a campaign's status before its calls are cancelled. The database stays the
 * source of truth: the API changes it and pokes the engine (EngineControl), and the engine never
 * waits on the API.
 *
 * Pacing: on a tick (every 250 ms of engine time) and after every event that changes a pool (an
 * answer, an end, an agent freed), each skill group's running campaigns are asked in priority order
 * (equal priorities take turns) how many calls to place; what they ask is capped by the
 * application's capacity and their callers', and placed at once — the calls count as in flight for
 * the next pacer while their attempts are being committed.
 */
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { callUui, callVariables } from '../domain/callAttributes.ts';
import { CampaignStatus, type StatusReason } from '../domain/campaign/campaignStatus.ts';
import { dueTransition } from '../domain/campaignLifecycle.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import { EndStatus } from '../domain/endStatus.ts';
import { calleeOutcomeAfter } from '../domain/retryPolicy.ts';
import { type CallPhase, endStatusOf } from '../telephony/callCause.ts';
import { type CallEnd, type CallHandle, type Telephony, TelephonyError } from '../telephony/telephony.ts';
import { AgentPool } from './agentPool.ts';
import { AgentRouter } from './agentRouter.ts';
import type { AgentSeat } from './agentSeat.ts';
import { ApplicationRun, DEFAULT_WRAP_UP_SECONDS } from './applicationRun.ts';
import { CampaignRun } from './campaignRun.ts';
import { DialerEvents } from './dialerEvents.ts';
import type { EngineControl } from './engineControl.ts';
import { InFlight } from './inFlight.ts';
import type { CampaignOwnership } from './leases/campaignOwnership.ts';
import { type CallEventSink, LiveCall, type LivePhase } from './liveCall.ts';
import { createPacer } from './pacing/createPacer.ts';
import type { Pacer, PacingView } from './pacing/pacer.ts';
import type { CampaignSettings, DialerStore, NewSession } from './ports/dialerStore.ts';
import { recoverOpenSessions } from './recovery.ts';

export interface DialerEngineOptions {
  readonly store: DialerStore;
  readonly telephony: Telephony;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** How long an answered call waits for an agent before it is abandoned (default 2 s). */
  readonly connectDeadlineSeconds?: number;
  /** Ring timeout asked of the network (default 25 s). */
  readonly ringTimeoutSeconds?: number;
  /** Pacing strategy of every campaign (default `predictive`); see createPacer. */
  readonly strategy?: string;
  /** Overrides `strategy`: a pacer per campaign. */
  readonly pacerFor?: (campaign: CampaignSettings) => Pacer;
  /** Pacing tick, ms of engine time (default 250). */
  readonly tickMs?: number;
  /** How often campaigns and agents are re-read from the store without being poked (default 5 s). */
  readonly refreshMs?: number;
  /** This node's name on the sessions it places (multi-node); null for a single node. */
  readonly nodeId?: string | null;
  /**
   * Several nodes: the campaigns this one holds the lease of, the only ones it dials (claims are
   * fenced by the lease in the database too). Absent: every campaign is this node's.
   */
  readonly ownership?: CampaignOwnership;
  readonly defaultWrapUpSeconds?: number;
  /** TimeZone of campaigns that set none (default UTC). */
  readonly defaultTimeZone?: string;
  readonly newSessionId?: () => string;
  /** Upper bound on calls placed by one decision (a safety net against a runaway pacer). */
  readonly maxCallsPerDecision?: number;
  /** Pause between claims of a campaign that had no due callee, ms (default 1000). */
  readonly dryBackoffMs?: number;
}

const LIVE_STATUSES: readonly CampaignStatus[] = [
  CampaignStatus.Ready,
  CampaignStatus.Running,
  CampaignStatus.Paused,
];

export class DialerEngine implements EngineControl, CallEventSink {
  readonly events: DialerEvents;
  private readonly store: DialerStore;
  private readonly telephony: Telephony;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly deadlineMs: number;
  private readonly ringTimeoutSeconds: number;
  private readonly tickMs: number;
  private readonly refreshMs: number;
  /** Ready campaigns starting within this are held (and started on time by the tick). */
  private readonly readyLookaheadMs: number;
  private readonly nodeId: string | null;
  private readonly ownership: CampaignOwnership | undefined;
  private readonly defaultWrapUpSeconds: number;
  private readonly defaultTimeZone: string;
  private readonly newSessionId: () => string;
  private readonly pacerFor: (campaign: CampaignSettings) => Pacer;
  private readonly maxCallsPerDecision: number;
  private readonly dryBackoffMs: number;

  private readonly inFlight = new InFlight((error) => this.reportError('operation', error));
  private readonly campaigns = new Map<number, CampaignRun>();
  private readonly pools = new Map<number, AgentPool>();
  private readonly apps = new Map<number, ApplicationRun>();
  private readonly agents: AgentRouter;
  private readonly calls = new Map<string, LiveCall>();
  private readonly views = new Map<AgentPool, MutableView>();
  /** Campaign loads are serialised, so two pokes never build one campaign twice. */
  private campaignQueue: Promise<void> = Promise.resolve();
  private tickTimer: TimerHandle | undefined;
  /** When the next tick should run (engine ms), to measure how late it does; 0 before the first. */
  private tickDueAt = 0;
  private nextRefreshAt = 0;
  private running = false;
  private decisions = 0;

  constructor(options: DialerEngineOptions) {
    this.store = options.store;
    this.telephony = options.telephony;
    this.clock = options.clock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.deadlineMs = (options.connectDeadlineSeconds ?? 2) * 1000;
    this.ringTimeoutSeconds = options.ringTimeoutSeconds ?? 25;
    this.tickMs = options.tickMs ?? 250;
    this.refreshMs = options.refreshMs ?? 5000;
    // Three syncs' worth, so a late sync still loads a campaign before its StartTime.
    this.readyLookaheadMs = 3 * this.refreshMs;
    this.nodeId = options.nodeId ?? null;
    this.ownership = options.ownership;
    if (this.ownership && this.nodeId === null) throw new Error('an engine with leases needs a nodeId');
    this.defaultWrapUpSeconds = options.defaultWrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
    this.defaultTimeZone = options.defaultTimeZone ?? 'UTC';
    this.newSessionId = options.newSessionId ?? randomUUID;
    const strategy = options.strategy ?? 'predictive';
    createPacer(strategy); // fails fast on an unknown strategy
    this.pacerFor = options.pacerFor ?? (() => createPacer(strategy));
    this.maxCallsPerDecision = options.maxCallsPerDecision ?? 1000;
    this.dryBackoffMs = options.dryBackoffMs ?? 1000;
    this.events = new DialerEvents((name, error) =>
      this.logger.error({ err: error, event: name }, 'a dialer event listener failed'),
    );
    this.agents = new AgentRouter({
      store: this.store,
      clock: this.clock,
      events: this.events,
      track: (work) => this.track(work),
      wrapUpSeconds: (sdkAppId) => this.apps.get(sdkAppId)?.wrapUpSeconds ?? this.defaultWrapUpSeconds,
      pool: (skillGroupId) => this.pools.get(skillGroupId),
      seatFreed: (seat) => {
        for (const pool of seat.pools) pool.offer(seat);
        for (const pool of seat.pools) {
          this.serveWaiting(pool);
          this.pace(pool);
        }
      },
      seatLeft: (seat) => {
        for (const pool of seat.pools) this.pace(pool);
      },
    });
  }

  /** Recovers what a previous run left open, loads the live campaigns and starts pacing. */
  async start(): Promise<void> {
    if (this.running) return;
    const now = this.clock.now();
    const recovered = await recoverOpenSessions({
      store: this.store,
      now,
      nodeId: this.nodeId,
    });
    if (recovered.sessions > 0) {
      this.logger.warn(
        { sessions: recovered.sessions, agents: recovered.agents },
        'closed sessions left open',
      );
    }
    this.running = true;
    await this.syncCampaigns();
    this.nextRefreshAt = now + this.refreshMs;
    this.events.emit('engine:started', { at: now, recoveredSessions: recovered.sessions });
    this.tick();
  }

  /**
   * Stops pacing and waits for the operations in flight. Calls still live are left to the network
   * (and to recovery at the next start), as after a crash.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.tickTimer) this.clock.clearTimer(this.tickTimer);
    this.tickTimer = undefined;
    this.tickDueAt = 0;
    this.agents.stop();
    for (const call of this.calls.values()) if (call.deadline) this.clock.clearTimer(call.deadline);
    let pending = this.inFlight.idle();
    while (pending) {
      await pending;
      pending = this.inFlight.idle();
    }
    this.events.emit('engine:stopped', { at: this.clock.now() });
  }

  /** Undefined when no operation is in flight, else a promise of the moment none is (virtual clock). */
  idle(): Promise<void> | undefined {
    return this.inFlight.idle();
  }

  /** Pacing decisions taken since the engine was built (a counter for /metrics and benchmarks). */
  get pacingDecisions(): number {
    return this.decisions;
  }

  /** Calls in flight now (placed and not ended), for the console and tests. */
  get liveCallCount(): number {
    return this.calls.size;
  }

  // --- EngineControl

  campaignChanged(campaignId: number): void {
    this.track(
      this.enqueueCampaignWork(async () =>
        this.applyCampaign(campaignId, await this.store.loadCampaign(campaignId)),
      ),
    );
  }

  staffChanged(sdkAppId: number, mail: string): void {
    this.track(this.agents.refresh(sdkAppId, mail));
  }

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

  // --- ticking and pacing

  private readonly tick = (): void => {
    if (!this.running) return;
    const now = this.clock.now();
    if (this.tickDueAt > 0 && this.events.has('engine:tick')) {
      this.events.emit('engine:tick', { at: now, lateMs: Math.max(0, now - this.tickDueAt) });
    }
    this.tickDueAt = now + this.tickMs;
    this.tickTimer = this.clock.setTimer(this.tickMs, this.tick);
    if (now >= this.nextRefreshAt) {
      this.nextRefreshAt = now + this.refreshMs;
      this.track(this.syncCampaigns());
    }
    for (const run of this.campaigns.values()) this.checkLifecycle(run, now);
    for (const pool of this.pools.values()) this.pace(pool);
  };

  private pace(pool: AgentPool): void {
    if (!this.running || pool.runs.length === 0) return;
    const now = this.clock.now();
    const view = this.viewOf(pool);
    view.now = now;
    for (const run of pool.orderForPacing()) {
      if (!run.mayDial(now) || !this.owns(run.campaignId)) continue;
      view.targetAbandonRate = run.targetAbandonRate;
      view.wrapSeconds = run.app.wrapUpSeconds;
      pool.asking = run;
      let decision: ReturnType<Pacer['decide']>;
      try {
        decision = run.pacer.decide(view);
        this.decisions++;
      } catch (error) {
        pool.asking = undefined;
        this.reportError('pacer', error);
        continue;
      }
      pool.asking = undefined;
      const asked = decision.place > 0 ? Math.floor(decision.place) : 0;
      let n = asked;
      if (n > 0) {
        if (now < run.dryUntil) n = 0;
        else
          n = Math.min(
            n,
            this.maxCallsPerDecision,
            run.app.capacity.available(now),
            run.rotation.room(run.app, now),
          );
      }
      if (this.events.has('pacer:decision')) this.emitDecision(pool, run, now, asked, n, decision.estimates);
      if (n > 0) this.place(run, n, now);
    }
  }

  /**
   * Paces the pool on the clock's next turn rather than now, so that campaigns starting at the
   * same instant are first paced together, in priority order.
   */
  private schedulePace(pool: AgentPool): void {
    if (pool.paceScheduled) return;
    pool.paceScheduled = true;
    this.clock.setTimer(0, () => {
      pool.paceScheduled = false;
      this.pace(pool);
    });
  }

  private viewOf(pool: AgentPool): MutableView {
    let view = this.views.get(pool);
    if (!view) {
      view = {
        now: 0,
        agents: pool.agentViews,
        calls: pool.callViews,
        targetAbandonRate: 0,
        wrapSeconds: 0,
        connectDeadlineSeconds: this.deadlineMs / 1000,
        ringTimeoutSeconds: this.ringTimeoutSeconds,
      };
      this.views.set(pool, view);
    }
    return view;
  }

  private emitDecision(
    pool: AgentPool,
    run: CampaignRun,
    now: number,
    asked: number,
    placed: number,
    estimates: Readonly<Record<string, number>>,
  ): void {
    let free = 0;
    let busy = 0;
    let wrap = 0;
    for (const seat of pool.agents) {
      if (seat.state === 'free') free++;
      else if (seat.state === 'busy') busy++;
      else wrap++;
    }
    this.events.emit('pacer:decision', {
      at: now,
      campaignId: run.campaignId,
      skillGroupId: pool.skillGroupId,
      strategy: run.pacer.strategy,
      freeAgents: free,
      busyAgents: busy,
      wrapUpAgents: wrap,
      callsInFlight: pool.calls.length,
      waitingCalls: pool.waiting.length,
      asked,
      placed,
      estimates,
    });
  }

  // --- placing calls

  /** Takes capacity for `n` calls now; they are in flight for the pacers at once. */
  private place(run: CampaignRun, n: number, now: number): void {
    const callers = run.rotation.take(run.app, now, n);
    run.app.capacity.take(now, callers.length);
    const placeholders: LiveCall[] = [];
    for (const caller of callers) {
      const call = new LiveCall(this, run, now, caller);
      run.pool.addCall(call);
      placeholders.push(call);
    }
    if (placeholders.length > 0) this.track(this.claimAndDial(run, placeholders, now));
  }

  private async claimAndDial(run: CampaignRun, placeholders: LiveCall[], now: number): Promise<void> {
    const settings = run.settings;
    let next = 0;
    let placed: Awaited<ReturnType<DialerStore['claimCallees']>> = [];
    try {
      placed = await this.store.claimCallees({
        campaignId: settings.campaignId,
        sdkAppId: settings.sdkAppId,
        skillGroupId: settings.skillGroupId,
        now,
        limit: placeholders.length,
        ...(this.ownership ? { leaseOwner: this.nodeId! } : {}),
        session: (callee): NewSession => {
          const call = placeholders[next++]!;
          call.sessionId = this.newSessionId();
          return {
            sessionId: call.sessionId,
            caller: call.caller,
            skillGroupName: run.pool.name,
            ivrId: settings.ivrId,
            uui: callUui(settings.uui, callee.uui),
            variables: callVariables(settings.variables, callee.variables),
            ownerNode: this.nodeId,
          };
        },
      });
    } catch (error) {
      this.reportError('claimCallees', error);
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
    let withdrawn = 0;
    for (const call of placeholders) {
      if (call.attempt > 0) continue;
      withdrawn++;
      call.phase = 'ended';
      run.pool.removeCall(call);
      run.app.capacity.giveBack();
      run.app.callerCapacity(call.caller).giveBack();
    }
    if (withdrawn > 0) run.dryUntil = this.clock.now() + this.dryBackoffMs;
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
      if (call.cancelRequested || run.status === CampaignStatus.Terminated || !this.running) {
        call.phase = 'dialing';
        this.callEnded(call, { cause: 'cancelled', side: 'system' });
      } else {
        this.dial(call);
      }
    }
  }

  private dial(call: LiveCall): void {
    call.phase = 'dialing';
    call.dialing = this.dialCall(call);
    this.track(call.dialing);
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
      if (!(error instanceof TelephonyError)) this.reportError('dial', error);
      const cause = error instanceof TelephonyError ? error.callCause : 'networkFailure';
      this.callEnded(call, { cause, side: 'system' });
      return undefined;
    }
    call.handle = handle;
    if (call.cancelRequested && (call.phase === 'dialing' || call.phase === 'ringing')) {
      this.track(this.telephony.hangup(handle));
    }
    return handle;
  }

  // --- telephony events (CallEventSink)

  callRinging(call: LiveCall): void {
    if (call.phase !== 'dialing') return;
    call.phase = 'ringing';
    this.track(
      this.store.recordProgress({ kind: 'ringing', sessionId: call.sessionId, at: this.clock.now() }),
    );
  }

  callAnswered(call: LiveCall): void {
    if (call.phase !== 'dialing' && call.phase !== 'ringing') return;
    this.track(this.answered(call));
  }

  callBridged(_call: LiveCall): void {}

  callEnded(call: LiveCall, end: CallEnd): void {
    if (call.phase === 'ended' || call.phase === 'claiming') return;
    this.track(this.ended(call, end));
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
    if (call.phase !== 'waiting') return;
    run.pool.waiting.push(call);
    this.serveWaiting(run.pool);
    this.pace(run.pool);
  }

  /** Gives waiting calls to free agents, longest-idle agent first. */
  private serveWaiting(pool: AgentPool): void {
    while (pool.waiting.length > 0) {
      const seat = pool.takeFree();
      if (!seat) return;
      const call = pool.nextWaiting()!;
      this.track(this.connect(call, seat));
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
    if (!(await this.agents.takeForCall(seat, call, now))) {
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
        this.logFor(call).warn({ err: error }, 'could not bridge the agent');
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
    this.track(this.abandon(call));
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
    this.pace(run.pool);
    const handle = call.handle ?? (await call.dialing);
    if (!handle || call.phase === 'ended') return;
    if (ivrTarget !== undefined) {
      call.phase = 'ivr';
      try {
        await this.telephony.handOff(handle, ivrTarget);
        return;
      } catch (error) {
        this.logFor(call).warn({ err: error, ivr: ivrTarget }, 'could not hand the call to the IVR');
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
    const finished = await this.store.finishAttempt({
      sessionId: call.sessionId,
      campaignId: run.campaignId,
      calleeSeq: call.calleeSeq,
      endStatus,
      hungUpSide,
      endedAt: now,
      callee,
      telephonyIds: call.handle?.telephonyIds,
    });
    this.calls.delete(call.sessionId);
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
      if (run.finishedCalleeCount >= run.calleeCount) this.checkLifecycle(run, this.clock.now());
    }
    if (seat && wrapping) await this.agents.commitCallEnd(seat, now);
    this.pace(pool);
  }

  // --- campaigns

  private enqueueCampaignWork(work: () => Promise<void>): Promise<void> {
    const next = this.campaignQueue.then(work, work);
    this.campaignQueue = next.catch(() => {});
    return next;
  }

  /**
   * Re-reads the live campaigns, the applications and the agents. Reads of the SQLite store resolve
   * at once, so this loop would run to its end without the event loop's ever getting a turn —
   * 5,000 campaigns held the first sync for 4.9 s, ticks and requests with it: it yields now and then.
   */
  private syncCampaigns(): Promise<void> {
    return this.enqueueCampaignWork(async () => {
      const live = await this.store.listLiveCampaigns(this.clock.now() + this.readyLookaheadMs);
      const seen = new Set<number>();
      for (const settings of live) {
        seen.add(settings.campaignId);
        await this.applyCampaign(settings.campaignId, settings);
        if (seen.size % SYNC_SLICE === 0) await yieldToEventLoop();
      }
      for (const id of [...this.campaigns.keys()]) {
        if (!seen.has(id)) await this.applyCampaign(id, await this.store.loadCampaign(id));
      }
      // The operator changes applications too (a number taken out of service, new limits): a
      // running campaign must follow, not only one loaded after the change.
      for (const sdkAppId of [...this.apps.keys()]) await this.applicationRun(sdkAppId);
      for (const pool of this.pools.values()) {
        if (pool.runs.length === 0) continue;
        for (const record of await this.store.loadAgents(pool.sdkAppId, pool.skillGroupId))
          this.agents.apply(record);
      }
    });
  }

  private async applyCampaign(campaignId: number, settings: CampaignSettings | undefined): Promise<void> {
    const run = this.campaigns.get(campaignId);
    if (!settings || !LIVE_STATUSES.includes(settings.status)) {
      if (run) this.retire(run, settings?.status ?? CampaignStatus.Terminated, settings?.statusReason);
      return;
    }
    if (!this.owns(campaignId)) {
      // Another node dials it now: stop pacing it; the calls this node placed end here as usual.
      if (run) {
        this.campaigns.delete(campaignId);
        run.pool.removeRun(run);
      }
      return;
    }
    if (run) {
      const previous = run.status;
      run.update(settings);
      if (previous !== run.status) this.emitCampaignStatus(run, previous, run.status, settings.statusReason);
      this.checkLifecycle(run, this.clock.now());
      this.schedulePace(run.pool);
      return;
    }
    const horizon = this.clock.now() + this.readyLookaheadMs;
    if (settings.status === CampaignStatus.Ready && settings.startAt > horizon && settings.endAt > horizon) {
      // Not for now: a sync loads it as its StartTime nears. Holding every campaign created for
      // next week would cost memory and pacing time for nothing.
      return;
    }
    // Applications are re-read once per sync; a campaign of one already loaded needs no query.
    const app = this.apps.get(settings.sdkAppId) ?? (await this.applicationRun(settings.sdkAppId));
    const pool = await this.poolOf(settings.skillGroupId, settings.sdkAppId);
    if (!app || !pool || this.campaigns.has(campaignId)) return;
    const created = new CampaignRun(settings, app, pool, this.pacerFor(settings), this.defaultTimeZone);
    this.campaigns.set(campaignId, created);
    pool.addRun(created);
    this.checkLifecycle(created, this.clock.now());
    this.schedulePace(pool);
  }

  /** The campaign ended (or was deleted): calls still ringing are cancelled, the others finish. */
  private retire(run: CampaignRun, status: CampaignStatus, reason: StatusReason | undefined): void {
    const previous = run.status;
    run.status = status;
    this.campaigns.delete(run.campaignId);
    run.pool.removeRun(run);
    if (previous !== status)
      this.emitCampaignStatus(run, previous, status, reason ?? run.settings.statusReason);
    if (status === CampaignStatus.Completed) return;
    // Calls still being claimed are cancelled by claimAndDial, which sees the status.
    for (const call of this.calls.values()) {
      if (call.run !== run) continue;
      if (call.phase !== 'claiming' && call.phase !== 'dialing' && call.phase !== 'ringing') continue;
      call.cancelRequested = true;
      if (call.handle) this.track(this.telephony.hangup(call.handle));
    }
  }

  private checkLifecycle(run: CampaignRun, now: number): void {
    if (run.transitioning || !this.campaigns.has(run.campaignId)) return;
    const due = dueTransition(
      {
        status: run.status,
        startAt: run.settings.startAt,
        endAt: run.settings.endAt,
        calleeCount: run.calleeCount,
        finishedCalleeCount: run.finishedCalleeCount,
      },
      now,
    );
    if (!due) return;
    run.transitioning = true;
    this.track(
      (async () => {
        try {
          const ok = await this.store.transitionCampaign({
            campaignId: run.campaignId,
            from: [due.from],
            to: due.to,
            reason: due.reason,
            at: now,
          });
          if (!ok) {
            // The API changed the campaign meanwhile: read what it is now.
            await this.enqueueCampaignWork(async () =>
              this.applyCampaign(run.campaignId, await this.store.loadCampaign(run.campaignId)),
            );
            return;
          }
          if (LIVE_STATUSES.includes(due.to)) {
            const previous = run.status;
            run.status = due.to;
            this.emitCampaignStatus(run, previous, due.to, due.reason);
            this.schedulePace(run.pool);
          } else {
            this.retire(run, due.to, due.reason);
          }
        } finally {
          run.transitioning = false;
        }
      })(),
    );
  }

  private emitCampaignStatus(
    run: CampaignRun,
    previous: CampaignStatus,
    status: CampaignStatus,
    statusReason: StatusReason,
  ): void {
    this.logger.info({ campaignId: run.campaignId, previous, status, statusReason }, 'campaign status');
    this.events.emit('campaign:status', {
      at: this.clock.now(),
      campaignId: run.campaignId,
      sdkAppId: run.settings.sdkAppId,
      previous,
      status,
      statusReason,
    });
  }

  private async applicationRun(sdkAppId: number): Promise<ApplicationRun | undefined> {
    const settings = await this.store.loadApplication(sdkAppId);
    let app = this.apps.get(sdkAppId);
    if (!settings) return app;
    if (app) app.update(settings);
    else {
      app = new ApplicationRun(settings, this.defaultWrapUpSeconds);
      this.apps.set(sdkAppId, app);
    }
    return app;
  }

  private async poolOf(skillGroupId: number, sdkAppId: number): Promise<AgentPool | undefined> {
    const existing = this.pools.get(skillGroupId);
    if (existing) return existing;
    const group = await this.store.loadSkillGroup(skillGroupId);
    if (!group) {
      this.logger.warn({ skillGroupId }, 'a campaign names a skill group that does not exist');
      return undefined;
    }
    const raced = this.pools.get(skillGroupId);
    if (raced) return raced;
    const pool = new AgentPool(skillGroupId, sdkAppId, group.name);
    this.pools.set(skillGroupId, pool);
    const records = await this.store.loadAgents(sdkAppId, skillGroupId);
    // Longest idle first: the free agents join the queue in the order they became free.
    records.sort((a, b) => a.statusSince - b.statusSince);
    for (const record of records) this.agents.apply(record);
    return pool;
  }

  // --- plumbing

  private owns(campaignId: number): boolean {
    return this.ownership === undefined || this.ownership.owns(campaignId);
  }

  /** Every asynchronous operation goes through here, so the virtual clock and stop() can wait for it. */
  private track(work: Promise<unknown>): void {
    this.inFlight.track(work);
  }

  private reportError(context: string, error: unknown): void {
    this.logger.error({ err: error, context }, 'dialer engine error');
    this.events.emit('engine:error', { at: this.clock.now(), context, error });
  }

  /** A child logger bound to the call's ids, made only when something is logged about it. */
  private logFor(call: LiveCall): Logger {
    return this.logger.child({
      campaignId: call.run.campaignId,
      sessionId: call.sessionId,
      ...(call.seat ? { agentId: call.seat.record.mail } : {}),
    });
  }
}

type MutableView = { -readonly [K in keyof PacingView]: PacingView[K] };

/** Campaigns applied between two turns of the event loop during a sync. */
const SYNC_SLICE = 100;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
