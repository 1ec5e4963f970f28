/**
 * The memory store's campaigns, with their callee lists and queues, and what they run on: the
 * applications and skill groups. Seeding, reading back, and the campaign half of the DialerStore
 * (listing, loading, status transitions), each synchronous; MemoryDialerStore wraps them.
 */

import type {
  ApplicationSettings,
  CampaignTransition,
  DialingCampaign,
  SkillGroupInfo,
} from '../../dialer/ports/dialerStore.ts';
import { CampaignStatus, type StatusReason } from '../../domain/campaign/campaignStatus.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import { CalleeQueue } from './calleeQueue.ts';

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

/** A campaign to seed: what CreatePredictiveDialingCampaign would have stored. */
export type CampaignSeed = Partial<
  Omit<DialingCampaign, 'campaignId' | 'calleeCount' | 'finishedCalleeCount'>
> &
  Pick<DialingCampaign, 'sdkAppId' | 'skillGroupId' | 'callers'>;

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

export interface MemoryCampaign {
  /** The row; finishedCalleeCount is kept in `finished` (no copy of the row per finished callee). */
  settings: DialingCampaign;
  finished: number;
  deleted: boolean;
  readonly callees: Map<number, MemoryCallee>;
  readonly queue: CalleeQueue<MemoryCallee>;
  source: CalleeSource | undefined;
  /** Seqs below this are materialised (from the list, or made by the source). */
  made: number;
  sourceCount: number;
}

export class MemoryCampaigns {
  private readonly applications = new Map<number, ApplicationSettings>();
  private readonly skillGroups = new Map<number, SkillGroupInfo>();
  private readonly campaigns = new Map<number, MemoryCampaign>();
  private nextCampaignId = 1;

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

  /** Creates a campaign (status ready unless given) with its callees; returns its id. */
  addCampaign(seed: CampaignSeed, callees: readonly CalleeSeed[] | CalleeSource): number {
    const campaignId = this.nextCampaignId++;
    const source = Array.isArray(callees) ? undefined : (callees as CalleeSource);
    const list = Array.isArray(callees) ? (callees as readonly CalleeSeed[]) : [];
    const sourceCount = source ? (source.count ?? Number.MAX_SAFE_INTEGER) : 0;
    const settings: DialingCampaign = {
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
  updateCampaign(campaignId: number, patch: Partial<Omit<DialingCampaign, 'campaignId'>>): void {
    const campaign = this.campaignOf(campaignId);
    campaign.settings = { ...campaign.settings, ...patch };
  }

  deleteCampaign(campaignId: number): void {
    this.campaignOf(campaignId).deleted = true;
  }

  // --- reading back

  campaign(campaignId: number): DialingCampaign {
    return rowOf(this.campaignOf(campaignId));
  }

  callee(campaignId: number, seq: number): MemoryCallee | undefined {
    return this.campaignOf(campaignId).callees.get(seq);
  }

  callees(campaignId: number): MemoryCallee[] {
    return [...this.campaignOf(campaignId).callees.values()].sort((a, b) => a.seq - b.seq);
  }

  // --- DialerStore, synchronously

  listLiveCampaigns(readyBy?: number): DialingCampaign[] {
    const live: DialingCampaign[] = [];
    for (const c of this.campaigns.values()) {
      const s = c.settings.status;
      const due =
        s !== 0 || readyBy === undefined || c.settings.startAt <= readyBy || c.settings.endAt <= readyBy;
      if (!c.deleted && (s === 0 || s === 1 || s === 2) && due) live.push(rowOf(c));
    }
    return live;
  }

  loadCampaign(campaignId: number): DialingCampaign | undefined {
    const c = this.campaigns.get(campaignId);
    return c && !c.deleted ? rowOf(c) : undefined;
  }

  transitionCampaign(t: CampaignTransition): boolean {
    const c = this.campaigns.get(t.campaignId);
    if (!c || c.deleted || !t.from.includes(c.settings.status)) return false;
    c.settings = { ...c.settings, status: t.to, statusReason: t.reason as StatusReason, updatedAt: t.at };
    return true;
  }

  loadApplication(sdkAppId: number): ApplicationSettings | undefined {
    return this.applications.get(sdkAppId);
  }

  loadSkillGroup(skillGroupId: number): SkillGroupInfo | undefined {
    return this.skillGroups.get(skillGroupId);
  }

  // --- for the attempts

  /** The campaign, deleted or not; undefined when unknown. */
  get(campaignId: number): MemoryCampaign | undefined {
    return this.campaigns.get(campaignId);
  }

  private campaignOf(campaignId: number): MemoryCampaign {
    const c = this.campaigns.get(campaignId);
    if (!c) throw new Error(`no campaign ${campaignId}`);
    return c;
  }
}

function rowOf(c: MemoryCampaign): DialingCampaign {
  return c.finished === c.settings.finishedCalleeCount
    ? c.settings
    : { ...c.settings, finishedCalleeCount: c.finished };
}

export function newCallee(campaignId: number, seq: number, seed: CalleeSeed): MemoryCallee {
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
