/**
 * What the API may ask of the running engine. The database is the source of truth; these calls only
 * make the engine react at once instead of at its next poll.
 */
export interface EngineControl {
  /** A campaign was created, updated, paused, resumed, aborted or deleted. */
  campaignChanged(campaignId: number): void;
  /** An agent's status or skill groups changed. */
  staffChanged(sdkAppId: number, mail: string): void;
  /** Ends a live call (both legs). Resolves false when this node has no such live call. */
  hangUp(sessionId: string): Promise<boolean>;
}

/** For an API served without an engine (tools, some tests): nothing to notify. */
export const detachedEngine: EngineControl = {
  campaignChanged: () => {},
  staffChanged: () => {},
  hangUp: async () => false,
};
