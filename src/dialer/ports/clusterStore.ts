/**
 * What several nodes on one database share to split the dialing between them: a heartbeat per node,
 * a lease per campaign, and HangUpCall requests for calls another node holds.
 *
 * Every change is a compare-and-set in one statement, and every time is the database's clock (ms),
 * never a node's: nodes whose clocks disagree still agree on who holds what. A node keeps its own
 * idea of how long it may still act on a lease from its local monotonic clock (LeaseKeeper).
 *
 * Adapter: src/store/cluster/kyselyClusterStore.ts (PostgreSQL and SQLite alike).
 */

export interface NodeRegistration {
  readonly nodeId: string;
  /** Unique per process: a restart under the same node id is a new incarnation. */
  readonly incarnation: string;
  /** host:port of its API, for operators. */
  readonly address: string;
  readonly ttlMs: number;
}

export interface ClusterNodeRow {
  readonly nodeId: string;
  readonly incarnation: string;
  /** `alive`, or `reaping` while another node closes what it left. */
  readonly state: string;
  readonly address: string;
  /** ms, database clock. */
  readonly expiresAt: number;
}

export interface LeaseRow {
  readonly campaignId: number;
  readonly ownerNode: string;
  /** ms, database clock. */
  readonly expiresAt: number;
}

export interface LiveCampaignRef {
  readonly campaignId: number;
  readonly skillGroupId: number;
}

/** The cluster as one node sees it in one round. */
export interface ClusterView {
  /** ms, database clock, when the view was read. */
  readonly dbNow: number;
  readonly nodes: readonly ClusterNodeRow[];
  /** Campaigns not deleted whose status is ready, running or paused. */
  readonly campaigns: readonly LiveCampaignRef[];
  /** Every lease row, expired or not. */
  readonly leases: readonly LeaseRow[];
}

export interface PendingHangup {
  readonly requestId: string;
  readonly sessionId: string;
}

export interface ClusterStore {
  /** The database's clock, ms. */
  dbNow(): Promise<number>;

  /**
   * Registers the node, taking its id over from a previous incarnation (alive or not). False while
   * another node is reaping that id (closing what a dead incarnation left): try again later.
   */
  registerNode(registration: NodeRegistration): Promise<boolean>;
  /**
   * Extends the node's heartbeat to dbNow + ttl, only for this incarnation. `alive` false: another
   * process took the id over (or a reaper found it dead) and this one must stop dialing.
   */
  heartbeat(nodeId: string, incarnation: string, ttlMs: number): Promise<{ alive: boolean; dbNow: number }>;
  /** An orderly stop: the row expires now, so that another node reaps what was left at once. */
  expireNode(nodeId: string, incarnation: string): Promise<void>;
  /** CAS: an expired node's row becomes `reaping` by `reaper` until dbNow + ttl. True if won. */
  claimDeadNode(nodeId: string, reaper: string, ttlMs: number): Promise<boolean>;
  /** Deletes the row the reaper claimed, once everything the dead node left is closed. */
  forgetNode(nodeId: string, reaper: string): Promise<void>;

  view(): Promise<ClusterView>;
  /** Extends every lease the node holds to dbNow + ttl; returns the campaigns it holds. */
  renewLeases(nodeId: string, ttlMs: number): Promise<number[]>;
  /**
   * CAS per campaign: takes a lease that is free, expired, or already the node's. Returns the
   * campaigns it got.
   */
  acquireLeases(nodeId: string, campaignIds: readonly number[], ttlMs: number): Promise<number[]>;
  /** Gives up the node's leases on these campaigns (another node may take them at once). */
  releaseLeases(nodeId: string, campaignIds: readonly number[]): Promise<void>;

  /** The node's heartbeat has not expired. */
  isNodeAlive(nodeId: string): Promise<boolean>;

  /** The node a session was placed by (its `owner_node`); null when none or unknown. */
  sessionOwner(sessionId: string): Promise<string | null>;
  /** Records a HangUpCall for `ownerNode` to carry out; returns the request id. */
  requestHangup(sessionId: string, ownerNode: string): Promise<string>;
  /** The owner's answer: undefined while unanswered. Deletes the request once answered. */
  takeHangupAnswer(requestId: string): Promise<boolean | undefined>;
  /** Gives up waiting: the request is removed whether answered or not. */
  dropHangup(requestId: string): Promise<void>;
  /** Requests waiting for this node. */
  pendingHangups(nodeId: string): Promise<PendingHangup[]>;
  answerHangup(requestId: string, held: boolean): Promise<void>;
  /** Removes requests older than `ms` whoever they were for (their requester gave up long ago). */
  pruneHangups(olderThanMs: number): Promise<void>;
}
