/**
 * Everything the engine needs from persistence, and nothing else.
 *
 * The engine keeps the live state (calls in flight, agents' timers) in memory; this port is where
 * that state becomes durable. Every method that changes something is one transaction, and the
 * engine awaits it before acting on it: an attempt is committed before its call is dialed, an
 * outcome before the agent or callee moves on. After a crash, `listOpenSessions` plus
 * `finishAttempt` close what was in flight (recovery.ts), and the unique index on
 * (campaign_id, callee_seq, attempt) makes a second placement of one attempt impossible.
 *
 * Times are unix milliseconds on the engine clock. Percentages stay percentages (as the wire API
 * has them); the engine turns them into fractions.
 *
 * Adapters: src/store/memory/ (simulate, engine tests) and src/store/dialer/ (SQLite, PostgreSQL).
 * Models: pg-boss `IDatabase` (a small port), graphile-worker `WithPgClient` (transactions inside
 * the adapter, never spanning an await in the engine).
 */

import type { CampaignSettings } from '../../domain/campaign/campaignSettings.ts';
import type { CampaignStatus, StatusReason } from '../../domain/campaign/campaignStatus.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import type { EndStatus } from '../../domain/endStatus.ts';
import type { CalleeOutcome } from '../../domain/retryPolicy.ts';
import type { StaffStatus } from '../../domain/staff/staffStatus.ts';
import type { StaffStatusRequest } from '../../domain/staff/staffStatusRequest.ts';

/** SPEC §4 HungUpSide. */
export type HungUpSide = 'seat' | 'user' | 'system';

/** SPEC §3 DescribeTelSession SessionStatus. */
export type SessionStatus = 'ringing' | 'seatJoining' | 'inProgress' | 'finished';

/** The validated settings the engine uses as they are; times and the retry interval it keeps in its own units. */
type SharedSettings = Pick<
  CampaignSettings,
  | 'name'
  | 'callers'
  | 'callOrder'
  | 'skillGroupId'
  | 'ivrId'
  | 'priority'
  | 'expectedAbandonRate'
  | 'retryTimes'
  | 'variables'
  | 'uui'
  | 'timeZone'
  | 'availableTime'
>;

/**
 * A campaign as the engine runs it (the `campaigns` row, decoded): its settings (callOrder 0 is by
 * the callee's order_key, a seeded shuffle; priority 1 is highest; the abandon rate in percent; a
 * null time zone is UTC; no available time means any time of day) and its run state.
 */
export interface DialingCampaign extends SharedSettings {
  readonly campaignId: number;
  readonly sdkAppId: number;
  readonly retryIntervalSeconds: number;
  /** ms. */
  readonly startAt: number;
  /** ms. */
  readonly endAt: number;
  readonly status: CampaignStatus;
  readonly statusReason: StatusReason;
  readonly calleeCount: number;
  readonly finishedCalleeCount: number;
  /** ms; changes whenever the row does (the engine reloads on campaignChanged anyway). */
  readonly updatedAt: number;
}

export interface CallerNumber {
  readonly number: string;
  /** 1 normal; 2, 4, 5 disabled. */
  readonly state: number;
  readonly maxConcurrentCalls: number | null;
  readonly maxCallsPerSecond: number | null;
}

export interface IvrTarget {
  readonly ivrId: number;
  readonly target: string;
}

/** An application's limits and policies (`applications` row; null = the service default). */
export interface ApplicationSettings {
  readonly sdkAppId: number;
  /** Percent. */
  readonly abandonRateCeiling: number | null;
  readonly abandonQuietSeconds: number | null;
  readonly maxConcurrentCalls: number | null;
  readonly maxCallsPerSecond: number | null;
  readonly wrapUpSeconds: number | null;
  readonly numbers: readonly CallerNumber[];
  readonly ivrs: readonly IvrTarget[];
}

export interface SkillGroupInfo {
  readonly skillGroupId: number;
  readonly sdkAppId: number;
  readonly name: string;
}

/** An agent as the engine routes calls to it (`staff` row + its skill groups). */
export interface AgentRecord {
  readonly sdkAppId: number;
  readonly mail: string;
  readonly userId: string;
  readonly staffNumber: string;
  readonly sipUri: string | null;
  readonly status: StaffStatus;
  /** ms: when the agent entered `status`. */
  readonly statusSince: number;
  readonly skillGroupIds: readonly number[];
}

/** A callee due for an attempt, as `claimCallees` hands it to the session builder. */
export interface DueCallee {
  readonly campaignId: number;
  readonly seq: number;
  readonly number: string;
  /** The callee's own UUI (CalleeAttributes), or null. */
  readonly uui: string | null;
  /** The callee's own Variables (CalleeAttributes), or null. */
  readonly variables: readonly Variable[] | null;
  /** Attempts placed before this one. */
  readonly attemptsBefore: number;
}

/** The session row the engine wants inserted for one claimed callee. */
export interface NewSession {
  readonly sessionId: string;
  readonly caller: string;
  readonly skillGroupName: string;
  readonly ivrId: number | null;
  /** Campaign's UUI unless the callee has its own. */
  readonly uui: string;
  /** Campaign's Variables, overridden/extended by the callee's. */
  readonly variables: readonly Variable[];
  readonly ownerNode: string | null;
}

export interface CalleeClaim {
  readonly campaignId: number;
  readonly sdkAppId: number;
  readonly skillGroupId: number;
  /** ms: callees with next_attempt_at ≤ now are due; also the sessions' start_ts. */
  readonly now: number;
  /** At most this many. */
  readonly limit: number;
  /**
   * Called synchronously inside the transaction, once per claimed callee in claim order; returns
   * the session row to insert. Pure (no I/O): caller rotation and attribute merging live here.
   */
  readonly session: (callee: DueCallee) => NewSession;
  /**
   * Several nodes: claim nothing unless this node holds the campaign's lease (on the database's
   * clock) at the moment of the claim, so that a node that lost its lease (a long pause, a lost
   * connection) cannot place a call for a campaign another node now dials. Adapters without
   * leases (memory) ignore it.
   */
  readonly leaseOwner?: string;
}

/** One attempt, committed: callee `dialing`, attempts incremented, session row inserted. */
export interface PlacedAttempt {
  readonly callee: DueCallee;
  /** attemptsBefore + 1: the session row's `attempt`. */
  readonly attempt: number;
  readonly session: NewSession;
}

/** A session the engine built for a claim, and its callee: all it knows when the claim failed. */
export interface ClaimedSession {
  readonly sessionId: string;
  readonly calleeSeq: number;
}

/** The sessions of one failed claim, committed or not: see `withdrawClaim`. */
export interface ClaimWithdrawal {
  readonly campaignId: number;
  readonly sessions: readonly ClaimedSession[];
}

/** Progress of a live session. Each sets its timestamp and the SessionStatus shown. */
export type SessionProgress =
  | { readonly kind: 'ringing'; readonly sessionId: string; readonly at: number }
  /** Answered: accept_ts and queued_ts (waiting for an agent); status `seatJoining`. */
  | { readonly kind: 'answered'; readonly sessionId: string; readonly at: number }
  /** Bridged to an agent: seat_join_ts, seat_user, seat_mail, staff_number; status `inProgress`. */
  | {
      readonly kind: 'connected';
      readonly sessionId: string;
      readonly at: number;
      readonly seatUser: string;
      readonly seatMail: string;
      readonly staffNumber: string;
    };

/** What becomes of the callee when its attempt ends (see domain/retryPolicy.ts). */
export type { CalleeOutcome };

export interface AttemptEnd {
  readonly sessionId: string;
  readonly campaignId: number;
  readonly calleeSeq: number;
  readonly endStatus: EndStatus;
  readonly hungUpSide: HungUpSide;
  readonly endedAt: number;
  readonly callee: CalleeOutcome;
  /** The network's identifiers of the call's legs (SIP Call-IDs), kept on the session row. */
  readonly telephonyIds?: Readonly<Record<string, string>> | undefined;
}

export interface FinishedAttempt {
  /** The campaign's counts after this transaction. */
  readonly calleeCount: number;
  readonly finishedCalleeCount: number;
}

/** A session left open (ended_ts null), as recovery finds it. */
export interface OpenSession {
  readonly sessionId: string;
  readonly sdkAppId: number;
  readonly campaignId: number;
  readonly calleeSeq: number;
  readonly attempt: number;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly connectedAt: number | null;
  readonly seatMail: string | null;
}

export interface CampaignTransition {
  readonly campaignId: number;
  /** Applied only if the campaign's status is one of these (and it is not deleted). */
  readonly from: readonly CampaignStatus[];
  readonly to: CampaignStatus;
  readonly reason: StatusReason;
  readonly at: number;
}

/** The engine's agent status writes are the directory's status changes (SetStaffStatus's too). */
export type AgentStatusChange = StaffStatusRequest;

export interface AgentStatusResult {
  readonly applied: boolean;
  /** The status before (unchanged status when not applied). */
  readonly previous: StaffStatus;
}

export interface DialerStore {
  /**
   * Campaigns not deleted whose status is ready, running or paused; when `readyBy` (ms) is given,
   * the ready ones only if their StartTime (or EndTime) is at or before it: the engine need not
   * hold a campaign that starts tomorrow.
   */
  listLiveCampaigns(readyBy?: number): Promise<DialingCampaign[]>;
  /** One campaign, whatever its status; undefined when unknown or deleted. */
  loadCampaign(campaignId: number): Promise<DialingCampaign | undefined>;
  /**
   * Compare-and-set of a campaign's status (and StatusReason, updated_at). False when the campaign
   * is deleted or its status is not in `from` (e.g. the API paused it meanwhile).
   */
  transitionCampaign(transition: CampaignTransition): Promise<boolean>;

  loadApplication(sdkAppId: number): Promise<ApplicationSettings | undefined>;
  loadSkillGroup(skillGroupId: number): Promise<SkillGroupInfo | undefined>;

  /**
   * In one transaction: up to `limit` pending callees of the campaign with next_attempt_at ≤ now,
   * earliest next_attempt_at first, then lowest order_key (the `callees_queue` index order); each
   * is set `dialing` with attempts + 1 and current_session_id, and its session row inserted
   * (status `ringing`, start_ts = now, attempt = attempts + 1, CallType 5, direction 1).
   * Returns the attempts committed, in claim order (possibly fewer than `limit`, or none).
   */
  claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]>;
  /**
   * After `claimCallees` failed: its COMMIT may have gone through all the same (a connection lost
   * after it was sent), leaving callees `dialing` on sessions nobody dials. In one transaction, each
   * given session still open and still its callee's current session is undone: the callee is
   * `pending` again with the attempts it had before the claim (a call never dialed uses none up),
   * and the session row is deleted — it was never a call, so it must not be a call record, and its
   * attempt number must be free for the callee's real attempt (sessions_attempt_unique). Sessions
   * the claim did not commit are skipped. Returns the session ids undone.
   */
  withdrawClaim(withdrawal: ClaimWithdrawal): Promise<string[]>;
  /** Records progress on a live session. No-op if the session is already ended. */
  recordProgress(progress: SessionProgress): Promise<void>;
  /**
   * In one transaction, only if the session is still open: the session gets end_status,
   * hung_up_side, ended_ts and status `finished`; the callee gets last_end_status, a null
   * current_session_id, and `finished` (campaign finished_callee_count + 1) or `pending` with
   * next_attempt_at. Undefined when the session was already ended (nothing changed).
   */
  finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined>;
  /** Sessions with no ended_ts, optionally only those owned by one node. */
  listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]>;
  /**
   * Several nodes: the agents `node` left busy or in wrap-up, i.e. whose status it set last
   * (StaffStatusRequest.heldByNode), whether or not a session names the agent yet — recovering a
   * dead node frees these and no agent on another node's call. Adapters of a single node (memory)
   * leave it out, and ignore heldByNode and onlyIfHeldBy: recovery then frees every such agent.
   */
  listAgentsHeldBy?(node: string): Promise<Array<{ sdkAppId: number; mail: string }>>;

  /** Agents of the application, optionally only those bound to one skill group. */
  loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]>;
  loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined>;
  /**
   * Sets an agent's status as the directory's setStaffStatus does: staff.status, status_reason,
   * status_since (= at), last_online_at when leaving `offline`, held_by_node, and a
   * staff_status_log row — compare-and-set against `onlyFrom` and `onlyIfHeldBy`.
   */
  setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult>;
}
