/**
 * What the engine does at start about a previous run that stopped without closing its work (a
 * crash, a kill, a power cut): every session still open is closed, HungUpSide `system`, with the
 * end status of how far it got — 1 if an agent had joined, 103 if the callee had answered (the
 * callee was left without an agent: abandoned), else 208 (the channel failed). The callee is
 * pending again or finished by the retry policy, the interrupted attempt counting as one, so a
 * crash never earns a callee an attempt beyond RetryTimes, and the next attempt has a new number
 * (the unique index refuses a second placement of the old one). Agents the engine had left busy
 * or in wrap-up are set free: only the engine puts them there, and their calls are gone.
 *
 * With several nodes it runs for one node at a time — a node restarting under its id, or the node
 * that reaps a dead one (LeaseKeeper) — and touches only that node's sessions and the agents of
 * its calls.
 */
import { EndStatus } from '../domain/endStatus.ts';
import { type CalleeOutcome, calleeOutcomeAfter } from '../domain/retryPolicy.ts';
import type { DialerStore, DialingCampaign, OpenSession } from './ports/dialerStore.ts';

export interface RecoveryInput {
  readonly store: DialerStore;
  readonly now: number;
  /** Only this node's sessions (multi-node); null: all of them. */
  readonly nodeId: string | null;
}

export interface RecoveryResult {
  readonly sessions: number;
  readonly agents: number;
  /** The agents set free (the engines that route to them must hear of it). */
  readonly freedAgents: ReadonlyArray<{ readonly sdkAppId: number; readonly mail: string }>;
}

export function recoveryEndStatus(session: OpenSession): EndStatus {
  if (session.connectedAt !== null) return EndStatus.Ok;
  if (session.answeredAt !== null) return EndStatus.WaitingGiveUp;
  return EndStatus.OperatorError;
}

export async function recoverOpenSessions(input: RecoveryInput): Promise<RecoveryResult> {
  const { store, now } = input;
  const open = await store.listOpenSessions(input.nodeId ?? undefined);
  const campaigns = new Map<number, DialingCampaign | undefined>();
  const quiet = new Map<number, number>();
  const apps = new Set<number>();
  for (const session of open) {
    apps.add(session.sdkAppId);
    if (!campaigns.has(session.campaignId))
      campaigns.set(session.campaignId, await store.loadCampaign(session.campaignId));
    if (!quiet.has(session.sdkAppId)) {
      quiet.set(session.sdkAppId, (await store.loadApplication(session.sdkAppId))?.abandonQuietSeconds ?? 0);
    }
    const campaign = campaigns.get(session.campaignId);
    const endStatus = recoveryEndStatus(session);
    const callee: CalleeOutcome = campaign
      ? calleeOutcomeAfter(
          { endStatus, attempt: session.attempt, endedAt: now },
          {
            retryTimes: campaign.retryTimes,
            retryIntervalSeconds: campaign.retryIntervalSeconds,
            abandonQuietSeconds: quiet.get(session.sdkAppId) ?? 0,
          },
        )
      : { state: 'finished' };
    await store.finishAttempt({
      sessionId: session.sessionId,
      campaignId: session.campaignId,
      calleeSeq: session.calleeSeq,
      endStatus,
      hungUpSide: 'system',
      endedAt: now,
      callee,
    });
  }
  const stranded: Array<{ sdkAppId: number; mail: string }> = [];
  if (input.nodeId !== null && store.listAgentsHeldBy) {
    // Other nodes are alive: only the agents of this node's calls are stranded.
    stranded.push(...(await store.listAgentsHeldBy(input.nodeId)));
  } else {
    for (const campaign of await store.listLiveCampaigns()) apps.add(campaign.sdkAppId);
    for (const sdkAppId of apps) {
      for (const agent of await store.loadAgents(sdkAppId)) {
        if (agent.status === 'busy' || agent.status === 'afterCallWork') stranded.push(agent);
      }
    }
  }
  const freed: Array<{ sdkAppId: number; mail: string }> = [];
  for (const agent of stranded) {
    const result = await store.setAgentStatus({
      sdkAppId: agent.sdkAppId,
      mail: agent.mail,
      status: 'free',
      reason: '',
      at: now,
      onlyFrom: ['busy', 'afterCallWork'],
      // Between the listing and this write another node may have taken the agent.
      ...(input.nodeId === null ? {} : { onlyIfHeldBy: input.nodeId }),
    });
    if (result.applied) freed.push({ sdkAppId: agent.sdkAppId, mail: agent.mail });
  }
  return { sessions: open.length, agents: freed.length, freedAgents: freed };
}
