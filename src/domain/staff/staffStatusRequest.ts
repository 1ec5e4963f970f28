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
   * The engine node (of a cluster) whose call the new status is for; kept on the row until the
   * next change, so that reaping a dead node finds every agent it held (listAgentsHeldBy).
   */
  readonly holder?: string | null;
}
