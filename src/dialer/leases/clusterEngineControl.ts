/**
 * The API's handle on the engine when several nodes share the work (EngineControl): the node that
 * serves a request tells its own engine and nudges the others, since the campaign or the call may
 * be another node's.
 *
 * HangUpCall for a call another node holds is forwarded: a `hangup_requests` row for the owner,
 * which it carries out on the nudge (or at its next lease round) and answers; this node waits for
 * the answer, bounded, and the API answers as the owner did. An owner that is dead holds no call
 * (the node that reaps it closes the session), so that is answered at once.
 */
import type { EngineControl } from '../engineControl.ts';
import type { ClusterStore } from '../ports/clusterStore.ts';

export type EngineNudge =
  | { readonly kind: 'campaign'; readonly campaignId: number }
  | { readonly kind: 'staff'; readonly sdkAppId: number; readonly mail: string }
  | { readonly kind: 'hangup'; readonly to: string };

export interface ClusterEngineControlOptions {
  readonly local: EngineControl;
  readonly store: ClusterStore;
  readonly nodeId: string;
  readonly nudge: (nudge: EngineNudge) => void;
  /** How long a forwarded HangUpCall waits for the owner's answer. */
  readonly forwardTimeoutMs: number;
  /** How often it looks for the answer. */
  readonly pollMs?: number;
}

export class ClusterEngineControl implements EngineControl {
  constructor(private readonly options: ClusterEngineControlOptions) {}

  campaignChanged(campaignId: number): void {
    this.options.local.campaignChanged(campaignId);
    this.options.nudge({ kind: 'campaign', campaignId });
  }

  staffChanged(sdkAppId: number, mail: string): void {
    this.options.local.staffChanged(sdkAppId, mail);
    this.options.nudge({ kind: 'staff', sdkAppId, mail });
  }

  async hangUp(sessionId: string): Promise<boolean> {
    const { local, store, nodeId } = this.options;
    if (await local.hangUp(sessionId)) return true;
    const owner = await store.sessionOwner(sessionId);
    if (owner === null || owner === nodeId || !(await store.isNodeAlive(owner))) return false;
    const requestId = await store.requestHangup(sessionId, owner);
    try {
      this.options.nudge({ kind: 'hangup', to: owner });
      const deadline = Date.now() + this.options.forwardTimeoutMs;
      const pollMs = this.options.pollMs ?? 20;
      while (Date.now() < deadline) {
        const held = await store.takeHangupAnswer(requestId);
        if (held !== undefined) return held;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      return false;
    } finally {
      await store.dropHangup(requestId);
    }
  }
}
