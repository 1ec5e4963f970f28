/**
 * The memory store's attempts: claiming due callees (making them on demand from a campaign's
 * source), the session rows the claims insert, their progress, and the outcomes that finish a
 * callee or put it back in its campaign's queue for a retry. Synchronous; MemoryDialerStore wraps
 * it. With `retainFinished: false` finished sessions and callees are dropped.
 */

import type {
  AttemptEnd,
  CalleeClaim,
  ClaimWithdrawal,
  DueCallee,
  FinishedAttempt,
  HungUpSide,
  OpenSession,
  PlacedAttempt,
  SessionProgress,
  SessionStatus,
} from '../../dialer/ports/dialerStore.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import type { EndStatus } from '../../domain/endStatus.ts';
import { before } from './calleeQueue.ts';
import { type MemoryCallee, type MemoryCampaigns, newCallee } from './memoryCampaigns.ts';

export interface MemorySession {
  readonly sessionId: string;
  readonly sdkAppId: number;
  readonly campaignId: number;
  readonly calleeSeq: number;
  readonly attempt: number;
  readonly caller: string;
  readonly callee: string;
  readonly direction: 1;
  readonly callType: 5;
  sessionStatus: SessionStatus;
  readonly startTs: number;
  ringTs: number | null;
  acceptTs: number | null;
  queuedTs: number | null;
  seatJoinTs: number | null;
  endedTs: number | null;
  seatUser: string | null;
  seatMail: string | null;
  staffNumber: string | null;
  readonly skillGroupId: number;
  readonly skillGroupName: string;
  readonly ivrId: number | null;
  readonly uui: string;
  readonly variables: readonly Variable[];
  endStatus: EndStatus | null;
  hungUpSide: HungUpSide | null;
  telephonyIds: Readonly<Record<string, string>> | null;
  readonly ownerNode: string | null;
}

export class MemoryAttempts {
  private readonly sessionsById = new Map<string, MemorySession>();
  private readonly attemptKeys = new Set<string>();

  constructor(
    private readonly campaigns: MemoryCampaigns,
    private readonly retainFinished: boolean,
  ) {}

  // --- reading back

  session(sessionId: string): MemorySession | undefined {
    return this.sessionsById.get(sessionId);
  }

  /** Sessions in the order they were placed, optionally of one campaign. */
  sessions(campaignId?: number): MemorySession[] {
    const all = [...this.sessionsById.values()];
    return campaignId === undefined ? all : all.filter((s) => s.campaignId === campaignId);
  }

  // --- DialerStore, synchronously

  claimCallees(claim: CalleeClaim): PlacedAttempt[] {
    const campaign = this.campaigns.get(claim.campaignId);
    if (!campaign || campaign.deleted) return [];
    const placed: PlacedAttempt[] = [];
    const queue = campaign.queue;
    while (placed.length < claim.limit) {
      let callee: MemoryCallee | undefined;
      const top = queue.peek();
      const canMake = campaign.source !== undefined && campaign.made < campaign.sourceCount;
      if (
        top &&
        top.nextAttemptAt <= claim.now &&
        (!canMake || before(top, 0, campaign.made, campaign.made))
      ) {
        callee = queue.pop()!;
        if (callee.state !== 'pending') continue;
      } else if (canMake) {
        const seq = campaign.made++;
        callee = newCallee(claim.campaignId, seq, { number: campaign.source!.number(seq) });
        campaign.callees.set(seq, callee);
      } else {
        break;
      }
      const attempt = callee.attempts + 1;
      // The SQL schema's unique (campaign_id, callee_seq, attempt), checked where sessions are kept.
      const key = this.retainFinished ? attemptKey(claim.campaignId, callee.seq, attempt) : '';
      if (this.retainFinished && this.attemptKeys.has(key)) {
        throw new Error(
          `attempt ${attempt} of callee ${callee.seq} of campaign ${claim.campaignId} was placed already`,
        );
      }
      const due: DueCallee = {
        campaignId: claim.campaignId,
        seq: callee.seq,
        number: callee.number,
        uui: callee.uui,
        variables: callee.variables,
        attemptsBefore: callee.attempts,
      };
      const session = claim.session(due);
      if (this.retainFinished) this.attemptKeys.add(key);
      callee.state = 'dialing';
      callee.attempts = attempt;
      callee.currentSessionId = session.sessionId;
      this.sessionsById.set(session.sessionId, {
        sessionId: session.sessionId,
        sdkAppId: claim.sdkAppId,
        campaignId: claim.campaignId,
        calleeSeq: callee.seq,
        attempt,
        caller: session.caller,
        callee: callee.number,
        direction: 1,
        callType: 5,
        sessionStatus: 'ringing',
        startTs: claim.now,
        ringTs: null,
        acceptTs: null,
        queuedTs: null,
        seatJoinTs: null,
        endedTs: null,
        seatUser: null,
        seatMail: null,
        staffNumber: null,
        skillGroupId: claim.skillGroupId,
        skillGroupName: session.skillGroupName,
        ivrId: session.ivrId,
        uui: session.uui,
        variables: session.variables,
        endStatus: null,
        hungUpSide: null,
        telephonyIds: null,
        ownerNode: session.ownerNode,
      });
      placed.push({ callee: due, attempt, session });
    }
    return placed;
  }

  withdrawClaim(withdrawal: ClaimWithdrawal): string[] {
    const campaign = this.campaigns.get(withdrawal.campaignId);
    if (!campaign) return [];
    const withdrawn: string[] = [];
    for (const { sessionId, calleeSeq } of withdrawal.sessions) {
      const s = this.sessionsById.get(sessionId);
      if (!s || s.endedTs !== null || s.campaignId !== withdrawal.campaignId || s.calleeSeq !== calleeSeq) {
        continue;
      }
      const callee = campaign.callees.get(calleeSeq);
      if (callee?.state !== 'dialing' || callee.currentSessionId !== sessionId) continue;
      this.sessionsById.delete(sessionId);
      if (this.retainFinished) {
        this.attemptKeys.delete(attemptKey(withdrawal.campaignId, calleeSeq, s.attempt));
      }
      callee.state = 'pending';
      callee.attempts = s.attempt - 1;
      callee.currentSessionId = null;
      campaign.queue.push(callee);
      withdrawn.push(sessionId);
    }
    return withdrawn;
  }

  recordProgress(progress: SessionProgress): void {
    const s = this.sessionsById.get(progress.sessionId);
    if (!s || s.endedTs !== null) return;
    switch (progress.kind) {
      case 'ringing':
        s.ringTs = progress.at;
        return;
      case 'answered':
        s.acceptTs = progress.at;
        s.queuedTs = progress.at;
        s.sessionStatus = 'seatJoining';
        return;
      case 'connected':
        s.seatJoinTs = progress.at;
        s.seatUser = progress.seatUser;
        s.seatMail = progress.seatMail;
        s.staffNumber = progress.staffNumber;
        s.sessionStatus = 'inProgress';
        return;
    }
  }

  finishAttempt(end: AttemptEnd): FinishedAttempt | undefined {
    const s = this.sessionsById.get(end.sessionId);
    if (!s || s.endedTs !== null) return undefined;
    s.endStatus = end.endStatus;
    s.hungUpSide = end.hungUpSide;
    s.telephonyIds = end.telephonyIds ?? null;
    s.endedTs = end.endedAt;
    s.sessionStatus = 'finished';
    const campaign = this.campaigns.get(end.campaignId)!;
    const callee = campaign.callees.get(end.calleeSeq);
    if (callee) {
      callee.lastEndStatus = end.endStatus;
      callee.currentSessionId = null;
      if (end.callee.state === 'finished') {
        callee.state = 'finished';
        campaign.finished++;
        if (!this.retainFinished) campaign.callees.delete(end.calleeSeq);
      } else {
        callee.state = 'pending';
        callee.nextAttemptAt = end.callee.nextAttemptAt;
        campaign.queue.push(callee);
      }
    }
    if (!this.retainFinished) this.sessionsById.delete(end.sessionId);
    return { calleeCount: campaign.settings.calleeCount, finishedCalleeCount: campaign.finished };
  }

  listOpenSessions(ownerNode?: string | null): OpenSession[] {
    const open: OpenSession[] = [];
    for (const s of this.sessionsById.values()) {
      if (s.endedTs !== null) continue;
      if (ownerNode !== undefined && s.ownerNode !== ownerNode) continue;
      open.push({
        sessionId: s.sessionId,
        sdkAppId: s.sdkAppId,
        campaignId: s.campaignId,
        calleeSeq: s.calleeSeq,
        attempt: s.attempt,
        startedAt: s.startTs,
        answeredAt: s.acceptTs,
        connectedAt: s.seatJoinTs,
        seatMail: s.seatMail,
      });
    }
    return open;
  }
}

function attemptKey(campaignId: number, seq: number, attempt: number): string {
  return `${campaignId}/${seq}/${attempt}`;
}
