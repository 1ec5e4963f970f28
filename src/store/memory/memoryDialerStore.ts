/**
 * The DialerStore in memory: for `simulate` and the engine tests. Same contract as the SQL
 * adapter (test/dialer/dialerStoreContract.ts runs on both), without I/O: each method does its
 * work synchronously and returns a settled promise, so the virtual clock settles in microtasks.
 *
 * Seeding (applications, skill groups, agents, campaigns and their callees) and reading back
 * (sessions, callees, the status log) are this adapter's own API, for tests and the simulator.
 * A campaign's callees may come from a generator (the simulator's "never run dry"): they are made
 * when first claimed. With `retainFinished: false` finished sessions and callees are dropped, so a
 * simulated day of 300,000 calls keeps only the live ones.
 */

import type {
  AgentRecord,
  AgentStatusChange,
  AgentStatusResult,
  ApplicationSettings,
  AttemptEnd,
  CalleeClaim,
  CampaignSettings,
  CampaignTransition,
  DialerStore,
  DueCallee,
  FinishedAttempt,
  HungUpSide,
  OpenSession,
  PlacedAttempt,
  SessionProgress,
  SessionStatus,
  SkillGroupInfo,
} from '../../dialer/ports/dialerStore.ts';
import { CampaignStatus, type StatusReason } from '../../domain/campaign/campaignStatus.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import type { EndStatus } from '../../domain/endStatus.ts';
import { isOnline, type StaffStatus } from '../../domain/staff/staffStatus.ts';
import { before, CalleeQueue } from './calleeQueue.ts';

export interface MemoryStoreOptions {
  /** Keep finished sessions and callees (default true); the simulator turns it off. */
  readonly retainFinished?: boolean;
  /** Keep the agents' status log (default true). */
  readonly keepStatusLog?: boolean;
}

export interface MemoryCallee {
  readonly campaignId: number;
  readonly seq: number;
  readonly number: string;
  readonly orderKey: number;
  readonly uui: string | null;
  readonly variables: readonly Variable[] | null;
  state: 'pending' | 'dialing' | 'finished';
  attempts: number;
  nextAttemptAt: number;
  lastEndStatus: number | null;
  currentSessionId: string | null;
}

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

export interface MemoryAgent {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly userId: string;
  readonly staffNumber: string;
  readonly sipUri: string | null;
  status: StaffStatus;
  statusReason: string;
  statusSince: number;
  lastOnlineAt: number | null;
  skillGroupIds: number[];
}

export interface StatusLogEntry {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly status: StaffStatus;
  readonly reason: string;
  readonly at: number;
}

/** A campaign to seed: what CreatePredictiveDialingCampaign would have stored. */
export type CampaignSeed = Partial<
  Omit<CampaignSettings, 'campaignId' | 'calleeCount' | 'finishedCalleeCount'>
> &
  Pick<CampaignSettings, 'sdkAppId' | 'skillGroupId' | 'callers'>;

export interface CalleeSeed {
  readonly number: string;
  /** Dialing rank; default: the position in the list. */
  readonly orderKey?: number;
  readonly uui?: string | null;
  readonly variables?: readonly Variable[] | null;
}

/** Callees made on demand: `count` of them (default: never running dry). */
export interface CalleeSource {
  readonly count?: number;
  number(seq: number): string;
}

interface MemoryCampaign {
  /** The row; finishedCalleeCount is kept in `finished` (no copy of the row per finished callee). */
  settings: CampaignSettings;
  finished: number;
  deleted: boolean;
  readonly callees: Map<number, MemoryCallee>;
  readonly queue: CalleeQueue<MemoryCallee>;
  source: CalleeSource | undefined;
  /** Seqs below this are materialised (from the list, or made by the source). */
  made: number;
  sourceCount: number;
}

export class MemoryDialerStore implements DialerStore {
  private readonly retainFinished: boolean;
  private readonly keepStatusLog: boolean;
  private readonly applications = new Map<number, ApplicationSettings>();
  private readonly skillGroups = new Map<number, SkillGroupInfo>();
  /** By application, then mail: no key string is built per lookup (the engine looks up ~3 times a call). */
  private readonly agents = new Map<number, Map<string, MemoryAgent>>();
  private readonly campaigns = new Map<number, MemoryCampaign>();
  private readonly sessionsById = new Map<string, MemorySession>();
  private readonly attemptKeys = new Set<string>();
  private nextCampaignId = 1;
  readonly statusLog: StatusLogEntry[] = [];

  constructor(options: MemoryStoreOptions = {}) {
    this.retainFinished = options.retainFinished ?? true;
    this.keepStatusLog = options.keepStatusLog ?? true;
  }

  // --- seeding

  addApplication(settings: Partial<ApplicationSettings> & Pick<ApplicationSettings, 'sdkAppId'>): void {
    this.applications.set(settings.sdkAppId, {
      abandonRateCeiling: null,
      abandonQuietSeconds: null,
      maxConcurrentCalls: null,
      maxCallsPerSecond: null,
      wrapUpSeconds: null,
      numbers: [],
      ivrs: [],
      ...settings,
    });
  }

  updateApplication(sdkAppId: number, patch: Partial<ApplicationSettings>): void {
    const app = this.applications.get(sdkAppId);
    if (!app) throw new Error(`no application ${sdkAppId}`);
    this.applications.set(sdkAppId, { ...app, ...patch });
  }

  addSkillGroup(info: SkillGroupInfo): void {
    this.skillGroups.set(info.skillGroupId, info);
  }

  addAgent(
    agent: Partial<Omit<MemoryAgent, 'sdkAppId' | 'mail' | 'skillGroupIds'>> &
      Pick<MemoryAgent, 'sdkAppId' | 'mail'> & { readonly skillGroupIds: readonly number[] },
  ): void {
    const status = agent.status ?? 'free';
    let ofApp = this.agents.get(agent.sdkAppId);
    if (!ofApp) {
      ofApp = new Map();
      this.agents.set(agent.sdkAppId, ofApp);
    }
    ofApp.set(agent.mail, {
      userId: agent.mail,
      staffNumber: agent.mail,
      sipUri: null,
      statusReason: '',
      statusSince: 0,
      lastOnlineAt: isOnline(status) ? (agent.statusSince ?? 0) : null,
      ...agent,
      status,
      skillGroupIds: [...agent.skillGroupIds],
    });
  }

  /** Creates a campaign (status ready unless given) with its callees; returns its id. */
  addCampaign(seed: CampaignSeed, callees: readonly CalleeSeed[] | CalleeSource): number {
    const campaignId = this.nextCampaignId++;
    const source = Array.isArray(callees) ? undefined : (callees as CalleeSource);
    const list = Array.isArray(callees) ? (callees as readonly CalleeSeed[]) : [];
    const sourceCount = source ? (source.count ?? Number.MAX_SAFE_INTEGER) : 0;
    const settings: CampaignSettings = {
      campaignId,
      name: `Campaign ${campaignId}`,
      callOrder: 1,
      ivrId: null,
      priority: 1,
      expectedAbandonRate: 5,
      retryTimes: 0,
      retryIntervalSeconds: 60,
      startAt: 0,
      endAt: Number.MAX_SAFE_INTEGER,
      variables: [],
      uui: '',
      timeZone: null,
      availableTime: [],
      status: CampaignStatus.Ready,
      statusReason: 0,
      updatedAt: 0,
      ...seed,
      calleeCount: source ? sourceCount : list.length,
      finishedCalleeCount: 0,
    };
    const campaign: MemoryCampaign = {
      settings,
      finished: 0,
      deleted: false,
      callees: new Map(),
      queue: new CalleeQueue(),
      source,
      made: 0,
      sourceCount,
    };
    this.campaigns.set(campaignId, campaign);
    list.forEach((c, seq) => {
      const callee = newCallee(campaignId, seq, c);
      campaign.callees.set(seq, callee);
      campaign.queue.push(callee);
    });
    campaign.made = list.length;
    return campaignId;
  }

  /** What the API does to a campaign row (Pause, Resume, Abort, Update): the engine is poked after. */
  updateCampaign(campaignId: number, patch: Partial<Omit<CampaignSettings, 'campaignId'>>): void {
    const campaign = this.campaignOf(campaignId);
    campaign.settings = { ...campaign.settings, ...patch };
  }

  deleteCampaign(campaignId: number): void {
    this.campaignOf(campaignId).deleted = true;
  }

  // --- reading back

  campaign(campaignId: number): CampaignSettings {
    return rowOf(this.campaignOf(campaignId));
  }

  callee(campaignId: number, seq: number): MemoryCallee | undefined {
    return this.campaignOf(campaignId).callees.get(seq);
  }

  callees(campaignId: number): MemoryCallee[] {
    return [...this.campaignOf(campaignId).callees.values()].sort((a, b) => a.seq - b.seq);
  }

  session(sessionId: string): MemorySession | undefined {
    return this.sessionsById.get(sessionId);
  }

  /** Sessions in the order they were placed, optionally of one campaign. */
  sessions(campaignId?: number): MemorySession[] {
    const all = [...this.sessionsById.values()];
    return campaignId === undefined ? all : all.filter((s) => s.campaignId === campaignId);
  }

  agent(sdkAppId: number, mail: string): MemoryAgent | undefined {
    return this.agents.get(sdkAppId)?.get(mail);
  }

  // --- DialerStore

  async listLiveCampaigns(readyBy?: number): Promise<CampaignSettings[]> {
    const live: CampaignSettings[] = [];
    for (const c of this.campaigns.values()) {
      const s = c.settings.status;
      const due =
        s !== 0 || readyBy === undefined || c.settings.startAt <= readyBy || c.settings.endAt <= readyBy;
      if (!c.deleted && (s === 0 || s === 1 || s === 2) && due) live.push(rowOf(c));
    }
    return live;
  }

  async loadCampaign(campaignId: number): Promise<CampaignSettings | undefined> {
    const c = this.campaigns.get(campaignId);
    return c && !c.deleted ? rowOf(c) : undefined;
  }

  async transitionCampaign(t: CampaignTransition): Promise<boolean> {
    const c = this.campaigns.get(t.campaignId);
    if (!c || c.deleted || !t.from.includes(c.settings.status)) return false;
    c.settings = { ...c.settings, status: t.to, statusReason: t.reason as StatusReason, updatedAt: t.at };
    return true;
  }

  async loadApplication(sdkAppId: number): Promise<ApplicationSettings | undefined> {
    return this.applications.get(sdkAppId);
  }

  async loadSkillGroup(skillGroupId: number): Promise<SkillGroupInfo | undefined> {
    return this.skillGroups.get(skillGroupId);
  }

  async claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]> {
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
      const key = this.retainFinished ? `${claim.campaignId}/${callee.seq}/${attempt}` : '';
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

  async recordProgress(progress: SessionProgress): Promise<void> {
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

  async finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
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

  async listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]> {
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

  async loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]> {
    const records: AgentRecord[] = [];
    for (const a of this.agents.get(sdkAppId)?.values() ?? []) {
      if (skillGroupId !== undefined && !a.skillGroupIds.includes(skillGroupId)) continue;
      records.push(recordOf(a));
    }
    return records.sort((a, b) => (a.mail < b.mail ? -1 : a.mail > b.mail ? 1 : 0));
  }

  async loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined> {
    const a = this.agents.get(sdkAppId)?.get(mail);
    return a ? recordOf(a) : undefined;
  }

  async setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult> {
    return this.setStatus(change);
  }

  /** The same change, synchronously: what the API's SetStaffStatus does (tests poke the engine after). */
  setStatus(change: AgentStatusChange): AgentStatusResult {
    const a = this.agents.get(change.sdkAppId)?.get(change.mail);
    if (!a) return { applied: false, previous: 'offline' };
    const previous = a.status;
    if (change.onlyFrom && !change.onlyFrom.includes(previous)) return { applied: false, previous };
    if (previous === change.status && a.statusReason === change.reason) return { applied: true, previous };
    if (!isOnline(previous) && isOnline(change.status)) a.lastOnlineAt = change.at;
    a.status = change.status;
    a.statusReason = change.reason;
    a.statusSince = change.at;
    if (this.keepStatusLog) {
      this.statusLog.push({
        sdkAppId: change.sdkAppId,
        mail: change.mail,
        status: change.status,
        reason: change.reason,
        at: change.at,
      });
    }
    return { applied: true, previous };
  }

  private campaignOf(campaignId: number): MemoryCampaign {
    const c = this.campaigns.get(campaignId);
    if (!c) throw new Error(`no campaign ${campaignId}`);
    return c;
  }
}

function rowOf(c: MemoryCampaign): CampaignSettings {
  return c.finished === c.settings.finishedCalleeCount
    ? c.settings
    : { ...c.settings, finishedCalleeCount: c.finished };
}

function newCallee(campaignId: number, seq: number, seed: CalleeSeed): MemoryCallee {
  return {
    campaignId,
    seq,
    number: seed.number,
    orderKey: seed.orderKey ?? seq,
    uui: seed.uui ?? null,
    variables: seed.variables ?? null,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastEndStatus: null,
    currentSessionId: null,
  };
}

function recordOf(a: MemoryAgent): AgentRecord {
  return {
    sdkAppId: a.sdkAppId,
    mail: a.mail,
    userId: a.userId,
    staffNumber: a.staffNumber,
    sipUri: a.sipUri,
    status: a.status,
    statusSince: a.statusSince,
    skillGroupIds: [...a.skillGroupIds],
  };
}
