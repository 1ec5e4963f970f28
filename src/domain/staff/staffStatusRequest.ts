import type { StaffStatus } from './staffStatus.ts';

/**
 * A change of an agent's status, as the API (SetStaffStatus) and the engine (busy, afterCallWork,
 * free) both ask it of the store.
 */
export interface StaffStatusRequest {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly status: StaffStatus;
  readonly reason: string;
  /** ms, business clock. */
  readonly at: number;
  /**
   * Apply only while the agent is in one of these statuses (compare-and-set): the engine putting
   * an agent on a call passes `[free]`, so an agent who just went to rest is never given one.
   * Absent: unconditionally.
   */
  readonly onlyFrom?: readonly StaffStatus[];
  /**
   * Several nodes: the engine node whose call a busy or afterCallWork status is for. The store
   * keeps it on the agent's row while the agent is in one of those statuses (null otherwise), so
   * that reaping a dead node finds every agent it held, even one no session names yet.
   */
  readonly heldByNode?: string | null;
  /**
   * Several nodes: apply only while this node holds the agent (compare-and-set, with `onlyFrom`).
   * A node leaving busy or wrap-up, or reaping a dead node's agents, so never frees an agent that
   * another node has put on a call meanwhile.
   */
  readonly onlyIfHeldBy?: string;
}
