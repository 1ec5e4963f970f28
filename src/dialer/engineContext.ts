/**
 * What the engine's parts share: its ports (store, telephony, clock), its logger and events, the
 * live state in memory (the campaigns, pools, applications and calls it runs) and the plumbing
 * every asynchronous step goes through (tracking, error reports). The DialerEngine builds one and
 * hands it to its CampaignLoader, PoolPacing, CallPlacement and CallProgress, so none of them
 * reaches into another.
 */
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../domain/clock.ts';
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

  /**
   * Runs a store write the engine cannot do without — a call's outcome, an agent leaving a call —
   * again and again until the store takes it: after 1 s, then twice as long each time up to 30 s
   * (engine time), each failure reported. Giving up would leave the agent busy and the session open
   * with nobody to close them before the next start. Rejects once the engine stops.
   */
  async persist<T>(context: string, write: () => Promise<T>): Promise<T> {
    for (let delayMs = 1000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        return await write();
      } catch (error) {
        if (!this.running) throw error;
        this.reportError(context, error);
        await this.#wait(delayMs);
      }
    }
  }

  /** Ends the waits of persist() (engine stopping): each of their writes fails with `reason`. */
  cancelWaits(reason: Error): void {
    for (const [timer, reject] of this.#waits) {
      this.clock.clearTimer(timer);
      reject(reason);
    }
    this.#waits.clear();
  }

  readonly #waits = new Map<TimerHandle, (reason: Error) => void>();

  #wait(delayMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const unpark = this.inFlight.park();
      const timer = this.clock.setTimer(delayMs, () => {
        this.#waits.delete(timer);
        unpark();
        resolve();
      });
      this.#waits.set(timer, (reason) => {
        unpark();
        reject(reason);
      });
    });
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
