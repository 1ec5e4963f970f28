/**
 * Pacing of the agent pools. On a tick (every 250 ms of engine time) and after every event that
 * changes a pool (an answer, an end, an agent freed), each skill group's running campaigns are
 * asked in priority order (equal priorities take turns) how many calls to place; what they ask is
 * capped by the application's capacity and their callers', and placed at once — the calls count as
 * in flight for the next pacer while their attempts are being committed.
 */
import type { Clock } from '../domain/clock.ts';
import type { AgentPool } from './agentPool.ts';
import type { CampaignRun } from './campaignRun.ts';
import type { DialerEvents } from './dialerEvents.ts';
import type { EngineContext } from './engineContext.ts';
import type { Pacer, PacingView } from './pacing/pacer.ts';

export interface PoolPacingDeps {
  /** Upper bound on calls placed by one decision (a safety net against a runaway pacer). */
  readonly maxCallsPerDecision: number;
  readonly connectDeadlineSeconds: number;
  readonly ringTimeoutSeconds: number;
  /** Takes capacity for `n` calls of the campaign now and dials them (CallPlacement). */
  place(run: CampaignRun, n: number, now: number): void;
}

export class PoolPacing {
  private readonly clock: Clock;
  private readonly events: DialerEvents;
  private readonly views = new Map<AgentPool, MutableView>();
  private decisionCount = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly deps: PoolPacingDeps,
  ) {
    this.clock = ctx.clock;
    this.events = ctx.events;
  }

  /** Pacing decisions taken so far. */
  get decisions(): number {
    return this.decisionCount;
  }

  pace(pool: AgentPool): void {
    if (!this.ctx.running || pool.runs.length === 0) return;
    const now = this.clock.now();
    const view = this.viewOf(pool);
    view.now = now;
    for (const run of pool.orderForPacing()) {
      if (!run.mayDial(now) || !this.ctx.owns(run.campaignId)) continue;
      view.targetAbandonRate = run.targetAbandonRate;
      view.wrapSeconds = run.app.wrapUpSeconds;
      pool.asking = run;
      let decision: ReturnType<Pacer['decide']>;
      try {
        decision = run.pacer.decide(view);
        this.decisionCount++;
      } catch (error) {
        pool.asking = undefined;
        this.ctx.reportError('pacer', error);
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
            this.deps.maxCallsPerDecision,
            run.app.capacity.available(now),
            run.rotation.room(run.app, now),
          );
      }
      if (this.events.has('pacer:decision')) this.emitDecision(pool, run, now, asked, n, decision.estimates);
      if (n > 0) this.deps.place(run, n, now);
    }
  }

  /**
   * Paces the pool on the clock's next turn rather than now, so that campaigns starting at the
   * same instant are first paced together, in priority order.
   */
  schedulePace(pool: AgentPool): void {
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
        connectDeadlineSeconds: this.deps.connectDeadlineSeconds,
        ringTimeoutSeconds: this.deps.ringTimeoutSeconds,
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
}

type MutableView = { -readonly [K in keyof PacingView]: PacingView[K] };
