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
 * The engine is the facade and the clock's tick; its parts share an EngineContext: the
 * CampaignLoader (campaigns loaded, synced, transitioned, retired), PoolPacing (how many calls each
 * campaign places), CallPlacement (claim and dial) and CallProgress (from the ring to the
 * outcome), with the AgentRouter for the agents' side.
 */
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Telephony } from '../telephony/telephony.ts';
import { AgentRouter } from './agentRouter.ts';
import { DEFAULT_WRAP_UP_SECONDS } from './applicationRun.ts';
import { CallPlacement } from './callPlacement.ts';
import { CallProgress } from './callProgress.ts';
import { CampaignLoader } from './campaignLoader.ts';
import type { DialerEvents } from './dialerEvents.ts';
import { EngineContext } from './engineContext.ts';
import type { EngineControl } from './engineControl.ts';
import type { CampaignOwnership } from './leases/campaignOwnership.ts';
import { createPacer } from './pacing/createPacer.ts';
import type { Pacer } from './pacing/pacer.ts';
import { PoolPacing } from './poolPacing.ts';
import type { DialerStore, DialingCampaign } from './ports/dialerStore.ts';
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
  readonly pacerFor?: (campaign: DialingCampaign) => Pacer;
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
export class DialerEngine implements EngineControl {
  readonly events: DialerEvents;
  private readonly ctx: EngineContext;
  private readonly clock: Clock;
  private readonly tickMs: number;
  private readonly refreshMs: number;
  private readonly agents: AgentRouter;
  private readonly loader: CampaignLoader;
  private readonly pacing: PoolPacing;
  private readonly placement: CallPlacement;
  private readonly progress: CallProgress;
  private tickTimer: TimerHandle | undefined;
  /** When the next tick should run (engine ms), to measure how late it does; 0 before the first. */
  private tickDueAt = 0;
  private nextRefreshAt = 0;

  constructor(options: DialerEngineOptions) {
    const nodeId = options.nodeId ?? null;
    if (options.ownership && nodeId === null) throw new Error('an engine with leases needs a nodeId');
    const ctx = new EngineContext({
      store: options.store,
      telephony: options.telephony,
      clock: options.clock,
      logger: options.logger ?? pino({ level: 'silent' }),
      nodeId,
      ownership: options.ownership,
    });
    this.ctx = ctx;
    this.events = ctx.events;
    this.clock = ctx.clock;
    const deadlineMs = (options.connectDeadlineSeconds ?? 2) * 1000;
    const ringTimeoutSeconds = options.ringTimeoutSeconds ?? 25;
    this.tickMs = options.tickMs ?? 250;
    this.refreshMs = options.refreshMs ?? 5000;
    const defaultWrapUpSeconds = options.defaultWrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
    const strategy = options.strategy ?? 'predictive';
    createPacer(strategy); // fails fast on an unknown strategy
    const pacerFor = options.pacerFor ?? (() => createPacer(strategy));
    this.agents = new AgentRouter({
      store: ctx.store,
      nodeId: ctx.nodeId,
      clock: ctx.clock,
      events: ctx.events,
      track: (work) => ctx.track(work),
      persist: (context, write) => ctx.persist(context, write),
      wrapUpSeconds: (sdkAppId) => ctx.apps.get(sdkAppId)?.wrapUpSeconds ?? defaultWrapUpSeconds,
      pool: (skillGroupId) => ctx.pools.get(skillGroupId),
      seatFreed: (seat) => {
        for (const pool of seat.pools) pool.offer(seat);
        for (const pool of seat.pools) {
          this.progress.serveWaiting(pool);
          this.pacing.pace(pool);
        }
      },
      seatLeft: (seat) => {
        for (const pool of seat.pools) this.pacing.pace(pool);
      },
    });
    this.pacing = new PoolPacing(ctx, {
      maxCallsPerDecision: options.maxCallsPerDecision ?? 1000,
      connectDeadlineSeconds: deadlineMs / 1000,
      ringTimeoutSeconds,
      place: (run, n, now) => this.placement.place(run, n, now),
    });
    this.loader = new CampaignLoader(ctx, {
      agents: this.agents,
      // Three syncs' worth, so a late sync still loads a campaign before its StartTime.
      readyLookaheadMs: 3 * this.refreshMs,
      defaultWrapUpSeconds,
      defaultTimeZone: options.defaultTimeZone ?? 'UTC',
      pacerFor,
      schedulePace: (pool) => this.pacing.schedulePace(pool),
    });
    this.progress = new CallProgress(ctx, {
      agents: this.agents,
      deadlineMs,
      pace: (pool) => this.pacing.pace(pool),
      checkLifecycle: (run, now) => this.loader.checkLifecycle(run, now),
    });
    this.placement = new CallPlacement(ctx, {
      sink: this.progress,
      ringTimeoutSeconds,
      newSessionId: options.newSessionId ?? randomUUID,
      dryBackoffMs: options.dryBackoffMs ?? 1000,
    });
  }

  /** Recovers what a previous run left open, loads the live campaigns and starts pacing. */
  async start(): Promise<void> {
    if (this.ctx.running) return;
    const now = this.clock.now();
    const recovered = await recoverOpenSessions({
      store: this.ctx.store,
      now,
      nodeId: this.ctx.nodeId,
    });
    if (recovered.sessions > 0) {
      this.ctx.logger.warn(
        { sessions: recovered.sessions, agents: recovered.agents },
        'closed sessions left open',
      );
    }
    this.ctx.running = true;
    await this.loader.sync();
    this.nextRefreshAt = now + this.refreshMs;
    this.events.emit('engine:started', { at: now, recoveredSessions: recovered.sessions });
    this.tick();
  }

  /**
   * Stops pacing and waits for the operations in flight. Calls still live are left to the network
   * (and to recovery at the next start), as after a crash.
   */
  async stop(): Promise<void> {
    if (!this.ctx.running) return;
    this.ctx.running = false;
    if (this.tickTimer) this.clock.clearTimer(this.tickTimer);
    this.tickTimer = undefined;
    this.tickDueAt = 0;
    this.ctx.cancelWaits(new Error('the engine stopped'));
    this.clearTimers();
    let pending = this.ctx.inFlight.idle();
    while (pending) {
      await pending;
      pending = this.ctx.inFlight.idle();
    }
    // What finished meanwhile may have armed a wrap-up or a connect deadline: nothing runs after stop.
    this.clearTimers();
    this.events.emit('engine:stopped', { at: this.clock.now() });
  }

  private clearTimers(): void {
    this.agents.stop();
    for (const call of this.ctx.calls.values()) {
      if (call.deadline) this.clock.clearTimer(call.deadline);
      call.deadline = undefined;
    }
  }

  /** Undefined when no operation is in flight, else a promise of the moment none is (virtual clock). */
  idle(): Promise<void> | undefined {
    return this.ctx.inFlight.idle();
  }

  /** Pacing decisions taken since the engine was built (a counter for /metrics and benchmarks). */
  get pacingDecisions(): number {
    return this.pacing.decisions;
  }

  /** Calls in flight now (placed and not ended), for the console and tests. */
  get liveCallCount(): number {
    return this.ctx.calls.size;
  }

  // --- EngineControl

  campaignChanged(campaignId: number): void {
    this.ctx.track(this.loader.reload(campaignId));
  }

  staffChanged(sdkAppId: number, mail: string): void {
    this.ctx.track(this.agents.refresh(sdkAppId, mail));
  }

  hangUp(sessionId: string): Promise<boolean> {
    return this.progress.hangUp(sessionId);
  }

  // --- ticking

  private readonly tick = (): void => {
    if (!this.ctx.running) return;
    const now = this.clock.now();
    if (this.tickDueAt > 0 && this.events.has('engine:tick')) {
      this.events.emit('engine:tick', { at: now, lateMs: Math.max(0, now - this.tickDueAt) });
    }
    this.tickDueAt = now + this.tickMs;
    this.tickTimer = this.clock.setTimer(this.tickMs, this.tick);
    if (now >= this.nextRefreshAt) {
      this.nextRefreshAt = now + this.refreshMs;
      this.ctx.track(this.loader.sync());
    }
    for (const run of this.ctx.campaigns.values()) this.loader.checkLifecycle(run, now);
    for (const pool of this.ctx.pools.values()) this.pacing.pace(pool);
  };
}
