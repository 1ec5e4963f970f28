/**
 * What the engine's parts share: its ports (store, telephony, clock), its logger and events, the
 * live state in memory (the campaigns, pools, applications and calls it runs) and the plumbing
 * every asynchronous step goes through (tracking, error reports). The DialerEngine builds one and
 * hands it to its CampaignLoader, PoolPacing, CallPlacement and CallProgress, so none of them
 * reaches into another.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import type { Telephony } from '../telephony/telephony.ts';
import type { AgentPool } from './agentPool.ts';
import type { ApplicationRun } from './applicationRun.ts';
import type { CampaignRun } from './campaignRun.ts';
import { DialerEvents } from './dialerEvents.ts';
import { InFlight } from './inFlight.ts';
import type { CampaignOwnership } from './leases/campaignOwnership.ts';
import type { LiveCall } from './liveCall.ts';
import type { DialerStore } from './ports/dialerStore.ts';

export interface EngineContextInit {
  readonly store: DialerStore;
  readonly telephony: Telephony;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodeId: string | null;
  readonly ownership: CampaignOwnership | undefined;
}

export class EngineContext {
  readonly store: DialerStore;
  readonly telephony: Telephony;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: DialerEvents;
  /** This node's name on the sessions it places (multi-node); null for a single node. */
  readonly nodeId: string | null;
  /** The campaigns this node holds the lease of (several nodes); undefined: all of them. */
  readonly ownership: CampaignOwnership | undefined;

  readonly inFlight = new InFlight((error) => this.reportError('operation', error));
  readonly campaigns = new Map<number, CampaignRun>();
  readonly pools = new Map<number, AgentPool>();
  readonly apps = new Map<number, ApplicationRun>();
  readonly calls = new Map<string, LiveCall>();
  /** Between start() and stop(): nothing is paced or dialed outside it. */
  running = false;

  constructor(init: EngineContextInit) {
    this.store = init.store;
    this.telephony = init.telephony;
    this.clock = init.clock;
    this.logger = init.logger;
    this.nodeId = init.nodeId;
    this.ownership = init.ownership;
    this.events = new DialerEvents((name, error) =>
      this.logger.error({ err: error, event: name }, 'a dialer event listener failed'),
    );
  }

  owns(campaignId: number): boolean {
    return this.ownership === undefined || this.ownership.owns(campaignId);
  }

  /** Every asynchronous operation goes through here, so the virtual clock and stop() can wait for it. */
  track(work: Promise<unknown>): void {
    this.inFlight.track(work);
  }

  reportError(context: string, error: unknown): void {
    this.logger.error({ err: error, context }, 'dialer engine error');
    this.events.emit('engine:error', { at: this.clock.now(), context, error });
  }

  /** A child logger bound to the call's ids, made only when something is logged about it. */
  logFor(call: LiveCall): Logger {
    return this.logger.child({
      campaignId: call.run.campaignId,
      sessionId: call.sessionId,
      ...(call.seat ? { agentId: call.seat.record.mail } : {}),
    });
  }
}
