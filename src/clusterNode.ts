/**
 * What a node adds to `serve` when it runs on PostgreSQL, where other nodes may share the database:
 * the lease keeper (which campaigns this node dials), nudges between nodes (LISTEN/NOTIFY), the
 * engine control that reaches the other nodes (HangUpCall forwarding), and the cluster-wide rate
 * limiter. See docs/cluster.md.
 */
import type { Logger } from 'pino';
import { databaseRateLimiter } from './api/databaseRateLimiter.ts';
import type { RateLimiter } from './api/rateLimiter.ts';
import type { Config } from './config.ts';
import type { DialerEngine } from './dialer/dialerEngine.ts';
import type { EngineControl } from './dialer/engineControl.ts';
import { ClusterEngineControl, type EngineNudge } from './dialer/leases/clusterEngineControl.ts';
import { LeaseKeeper } from './dialer/leases/leaseKeeper.ts';
import type { DialerStore } from './dialer/ports/dialerStore.ts';
import { recoverOpenSessions } from './dialer/recovery.ts';
import type { Clock } from './domain/clock.ts';
import { type ClusterSignals, openClusterSignals } from './store/cluster/clusterSignals.ts';
import { KyselyClusterStore } from './store/cluster/kyselyClusterStore.ts';
import type { OpenedDatabase } from './store/database.ts';

export interface ClusterNode {
  readonly nodeId: string;
  /** The engine's CampaignOwnership. */
  readonly keeper: LeaseKeeper;
  /** The API's EngineControl. */
  readonly control: EngineControl;
  /** Null when the limit is off. */
  readonly limiter: RateLimiter | null;
  /** Checks the clock, registers the node and listens to the others; before the engine starts. */
  join(address: string): Promise<void>;
  /** Starts taking leases; after the engine started (its recovery closed this node's leftovers). */
  start(): void;
  /** Gives up the leases and leaves; after the engine stopped. */
  stop(): Promise<void>;
}

export interface ClusterNodeOptions {
  readonly database: OpenedDatabase;
  readonly config: Config;
  readonly dialerStore: DialerStore;
  /** The engine's clock: recovery stamps what it closes with it. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** The engine, once built (it is built with this node's keeper). */
  readonly engine: () => DialerEngine;
}

export function createClusterNode(options: ClusterNodeOptions): ClusterNode {
  const { database, config, logger } = options;
  const nodeId = config.nodeId;
  const store = new KyselyClusterStore(database.db, database.dialect);
  const leaseMs = config.leaseSeconds * 1000;
  let signals: ClusterSignals | undefined;
  const nudge = (n: EngineNudge): Promise<void> => signals?.send(n) ?? Promise.resolve();

  const keeper = new LeaseKeeper({
    store,
    nodeId,
    leaseMs,
    maxSkewMs: config.maxClockSkewMs,
    logger: logger.child({ component: 'cluster', nodeId }),
    campaignChanged: (campaignId) => options.engine().campaignChanged(campaignId),
    hangUp: (sessionId) => options.engine().hangUp(sessionId),
    released(campaignIds) {
      for (const campaignId of campaignIds) void nudge({ kind: 'campaign', campaignId });
    },
    async recoverNode(deadNode) {
      const result = await recoverOpenSessions({
        store: options.dialerStore,
        now: options.clock.now(),
        nodeId: deadNode,
      });
      for (const agent of result.freedAgents) {
        options.engine().staffChanged(agent.sdkAppId, agent.mail);
        void nudge({ kind: 'staff', sdkAppId: agent.sdkAppId, mail: agent.mail });
      }
      return result.sessions;
    },
  });

  const local: EngineControl = {
    campaignChanged: (campaignId) => options.engine().campaignChanged(campaignId),
    staffChanged: (sdkAppId, mail) => options.engine().staffChanged(sdkAppId, mail),
    hangUp: (sessionId) => options.engine().hangUp(sessionId),
  };
  const control = new ClusterEngineControl({
    local: {
      ...local,
      campaignChanged(campaignId) {
        local.campaignChanged(campaignId);
        keeper.poke();
      },
    },
    store,
    nodeId,
    nudge,
    forwardTimeoutMs: Math.min(10_000, leaseMs / 3 + 2000),
  });

  return {
    nodeId,
    keeper,
    control,
    limiter: config.rateLimit > 0 ? databaseRateLimiter(database.db, config.rateLimit) : null,
    async join(address) {
      await keeper.join(address);
      signals = await openClusterSignals({
        db: database.db,
        url: config.databaseUrl!,
        nodeId,
        logger: logger.child({ component: 'cluster', nodeId }),
        onSignal(signal) {
          const engine = options.engine();
          if (signal.kind === 'campaign') {
            engine.campaignChanged(signal.campaignId);
            keeper.poke();
          } else if (signal.kind === 'staff') engine.staffChanged(signal.sdkAppId, signal.mail);
          else if (signal.to === nodeId) void keeper.serveHangups().catch(() => {});
        },
      });
    },
    start() {
      keeper.start();
    },
    async stop() {
      const held = keeper.campaigns;
      await keeper.stop();
      // The others need not wait for their next round to take these.
      await Promise.all(held.map((campaignId) => nudge({ kind: 'campaign', campaignId })));
      await signals?.close();
      signals = undefined;
    },
  };
}
