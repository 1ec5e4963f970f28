/**
 * The campaigns the engine runs, as the store has them: the live ones are loaded (with their
 * application and skill group's pool) and re-read on every sync and poke; their due status
 * transitions (StartTime, EndTime, every callee finished) are committed before they are acted on;
 * a campaign that ends, or that another node takes over, is retired from pacing.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import { CampaignStatus, type StatusReason } from '../domain/campaign/campaignStatus.ts';
import { dueTransition } from '../domain/campaignLifecycle.ts';
import type { Clock } from '../domain/clock.ts';
import type { Telephony } from '../telephony/telephony.ts';
import { AgentPool } from './agentPool.ts';
import type { AgentRouter } from './agentRouter.ts';
import { ApplicationRun } from './applicationRun.ts';
import { CampaignRun } from './campaignRun.ts';
import type { DialerEvents } from './dialerEvents.ts';
import type { EngineContext } from './engineContext.ts';
import type { LiveCall } from './liveCall.ts';
import type { Pacer } from './pacing/pacer.ts';
import type { DialerStore, DialingCampaign } from './ports/dialerStore.ts';

const LIVE_STATUSES: readonly CampaignStatus[] = [
  CampaignStatus.Ready,
  CampaignStatus.Running,
  CampaignStatus.Paused,
];

export interface CampaignLoaderDeps {
  readonly agents: AgentRouter;
  /** Ready campaigns starting within this are held (and started on time by the tick), ms. */
  readonly readyLookaheadMs: number;
  readonly defaultWrapUpSeconds: number;
  /** TimeZone of campaigns that set none. */
  readonly defaultTimeZone: string;
  pacerFor(campaign: DialingCampaign): Pacer;
  /** Paces the pool on the clock's next turn (PoolPacing). */
  schedulePace(pool: AgentPool): void;
}

export class CampaignLoader {
  private readonly store: DialerStore;
  private readonly telephony: Telephony;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly events: DialerEvents;
  private readonly campaigns: Map<number, CampaignRun>;
  private readonly pools: Map<number, AgentPool>;
  private readonly apps: Map<number, ApplicationRun>;
  private readonly calls: Map<string, LiveCall>;
  private readonly agents: AgentRouter;
  private readonly readyLookaheadMs: number;
  private readonly defaultWrapUpSeconds: number;
  private readonly defaultTimeZone: string;
  /** Campaign loads are serialised, so two pokes never build one campaign twice. */
  private campaignQueue: Promise<void> = Promise.resolve();
  /**
   * Campaigns whose transition the engine applied since the load under way read them: its read
   * may predate the transition's commit, and applying it would put the old status back. Loads are
   * serialised, so one set serves them all.
   */
  private readonly movedSinceRead = new Set<number>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly deps: CampaignLoaderDeps,
  ) {
    this.store = ctx.store;
    this.telephony = ctx.telephony;
    this.clock = ctx.clock;
    this.logger = ctx.logger;
    this.events = ctx.events;
    this.campaigns = ctx.campaigns;
    this.pools = ctx.pools;
    this.apps = ctx.apps;
    this.calls = ctx.calls;
    this.agents = deps.agents;
    this.readyLookaheadMs = deps.readyLookaheadMs;
    this.defaultWrapUpSeconds = deps.defaultWrapUpSeconds;
    this.defaultTimeZone = deps.defaultTimeZone;
  }

  /** Re-reads one campaign (the API changed it), in turn with the other loads. */
  reload(campaignId: number): Promise<void> {
    return this.enqueueCampaignWork(async () => this.apply(campaignId, await this.read(campaignId)));
  }

  /** One campaign as the store has it, read again if the engine moved it while it was read. */
  private async read(campaignId: number): Promise<DialingCampaign | undefined> {
    for (;;) {
      this.movedSinceRead.delete(campaignId);
      const settings = await this.store.loadCampaign(campaignId);
      // Each transition moves the status on, so this ends.
      if (!this.movedSinceRead.has(campaignId)) return settings;
    }
  }

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
  sync(): Promise<void> {
    return this.enqueueCampaignWork(async () => {
      this.movedSinceRead.clear();
      const live = await this.store.listLiveCampaigns(this.clock.now() + this.readyLookaheadMs);
      const seen = new Set<number>();
      for (const listed of live) {
        const id = listed.campaignId;
        seen.add(id);
        // The list is read once and applied over several turns: a campaign moved since is re-read.
        await this.apply(id, this.movedSinceRead.has(id) ? await this.read(id) : listed);
        if (seen.size % SYNC_SLICE === 0) await nextTurn();
      }
      for (const id of [...this.campaigns.keys()]) {
        if (!seen.has(id)) await this.apply(id, await this.read(id));
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

  private async apply(campaignId: number, settings: DialingCampaign | undefined): Promise<void> {
    const run = this.campaigns.get(campaignId);
    if (!settings || !LIVE_STATUSES.includes(settings.status)) {
      if (run) this.retire(run, settings?.status ?? CampaignStatus.Terminated, settings?.statusReason);
      return;
    }
    if (!this.ctx.owns(campaignId)) {
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
      this.deps.schedulePace(run.pool);
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
    const created = new CampaignRun(settings, app, pool, this.deps.pacerFor(settings), this.defaultTimeZone);
    this.campaigns.set(campaignId, created);
    pool.addRun(created);
    this.checkLifecycle(created, this.clock.now());
    this.deps.schedulePace(pool);
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
    // Calls still being claimed are cancelled by CallPlacement.claimAndDial, which sees the status.
    for (const call of this.calls.values()) {
      if (call.run !== run) continue;
      if (call.phase !== 'claiming' && call.phase !== 'dialing' && call.phase !== 'ringing') continue;
      call.cancelRequested = true;
      if (call.handle) this.ctx.track(this.telephony.hangup(call.handle));
    }
  }

  checkLifecycle(run: CampaignRun, now: number): void {
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
    const loadsBefore = run.loads;
    this.ctx.track(
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
            await this.reload(run.campaignId);
            return;
          }
          this.movedSinceRead.add(run.campaignId);
          if (!LIVE_STATUSES.includes(due.to)) {
            // Terminated and Completed are final (the API may only delete the campaign then).
            this.retire(run, due.to, due.reason);
          } else if (run.loads !== loadsBefore || this.campaigns.get(run.campaignId) !== run) {
            // A load was applied while the transition committed: it may be older than the
            // transition or newer (the API paused the campaign just after it), and putting `due.to`
            // over a newer status would undo the API's change. Read what it is now.
            await this.reload(run.campaignId);
          } else {
            const previous = run.status;
            run.status = due.to;
            this.emitCampaignStatus(run, previous, due.to, due.reason);
            this.deps.schedulePace(run.pool);
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
}

/** Campaigns applied between two turns of the event loop during a sync. */
const SYNC_SLICE = 100;
