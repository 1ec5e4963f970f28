/**
 * The dialing invariants a crash (or several nodes racing) must never break, checked on the stored
 * records themselves: what the API exposes and what it does not (attempt numbers, callee states,
 * open sessions). Shared by the fault-injection test and the multi-node test, so it takes any
 * Kysely handle (SQLite or PostgreSQL) or the path of a SQLite file, opened read-only.
 *
 * It returns every violation found rather than failing at the first, so that one run of a long
 * torture test reports all that went wrong.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Selectable, SqliteDialect } from 'kysely';
import { CampaignStatus, StatusReason } from '../../src/domain/campaign/campaignStatus.ts';
import { EndStatus, isEndStatus } from '../../src/domain/endStatus.ts';
import { isRetried } from '../../src/domain/retryPolicy.ts';
import type { CalleeTable, CampaignTable, Database, SessionTable } from '../../src/store/schema.ts';

/** A create the API acknowledged (answered with a CampaignId). */
export interface AcknowledgedCampaign {
  readonly campaignId: number;
  readonly sdkAppId: number;
  readonly name: string;
  readonly calleeCount: number;
}

/** The last Pause/Resume/Abort the API acknowledged for a campaign. */
export type AcknowledgedCommand = 'pause' | 'resume' | 'abort';

export interface InvariantOptions {
  /** Creates answered with a CampaignId: each must exist, whole. */
  readonly acknowledged?: readonly AcknowledgedCampaign[];
  /**
   * Every create sent, answered or not, by campaign name (names must be unique per run), with its
   * callee count. A stored campaign whose name is not here was never asked for; one whose create was
   * refused with an error code must not exist; one whose answer was lost may exist, but whole.
   */
  readonly attempted?: ReadonlyMap<string, { readonly calleeCount: number; readonly refused: boolean }>;
  /** The last acknowledged command per campaign id; its effect must show in the status. */
  readonly commands?: ReadonlyMap<number, AcknowledgedCommand>;
  /**
   * Engine time (ms) by which the engine had certainly ticked, on the statuses as they are now:
   * nothing live past its EndTime, nothing ready past its StartTime, nothing running with every callee
   * finished. Leave undefined when the engine may not have run since the clock moved on.
   */
  readonly engineTickedAt?: number;
  /** Nothing may be in progress: every session closed, no callee dialing, no agent busy. */
  readonly quiescent?: boolean;
  /** Sessions that were open when the server died: recovery must have closed them as `system`. */
  readonly crashCut?: Iterable<string>;
}

export interface InvariantReport {
  readonly violations: string[];
  readonly counts: {
    readonly campaigns: number;
    readonly callees: number;
    readonly sessions: number;
    readonly openSessions: number;
    readonly crashCutSessions: number;
    readonly finishedCallees: number;
  };
}

/** A read-only Kysely handle on a SQLite file (the server may still be writing to it: WAL allows that). */
export function openSqliteReadOnly(file: string): Kysely<Database> {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Runs `use` on the database, opening (and closing) a read-only handle when given a path. */
export async function withDatabase<T>(
  source: Kysely<Database> | string,
  use: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (typeof source !== 'string') return use(source);
  const db = openSqliteReadOnly(source);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/** Ids of the sessions still open, e.g. just after the server was killed. */
export function openSessionIds(source: Kysely<Database> | string): Promise<string[]> {
  return withDatabase(source, async (db) =>
    (await db.selectFrom('sessions').select('session_id').where('ended_ts', 'is', null).execute()).map(
      (r) => r.session_id,
    ),
  );
}

/** What recovery closes an interrupted session with (src/dialer/recovery.ts). */
function recoveryEndStatus(session: Selectable<SessionTable>): number {
  if (session.seat_join_ts !== null) return EndStatus.Ok;
  if (session.accept_ts !== null) return EndStatus.WaitingGiveUp;
  return EndStatus.OperatorError;
}

const HUNG_UP_SIDES = new Set(['seat', 'user', 'system']);

export async function checkDialingInvariants(
  source: Kysely<Database> | string,
  options: InvariantOptions = {},
): Promise<InvariantReport> {
  return withDatabase(source, async (db) => {
    // One read transaction, so that a server still running cannot move rows between the queries
    // (PostgreSQL needs repeatable read for that: read committed takes a snapshot per statement).
    const [campaigns, callees, sessions, busyAgents] = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(
        async (tx) =>
          [
            await tx.selectFrom('campaigns').selectAll().orderBy('campaign_id').execute(),
            await tx.selectFrom('callees').selectAll().orderBy('campaign_id').orderBy('seq').execute(),
            await tx.selectFrom('sessions').selectAll().execute(),
            await tx
              .selectFrom('staff')
              .select(['sdk_app_id', 'mail'])
              .where('status', '=', 'busy')
              .execute(),
          ] as const,
      );
    return evaluate(options, campaigns, callees, sessions, busyAgents);
  });
}

function evaluate(
  options: InvariantOptions,
  campaigns: ReadonlyArray<Selectable<CampaignTable>>,
  callees: ReadonlyArray<Selectable<CalleeTable>>,
  sessions: ReadonlyArray<Selectable<SessionTable>>,
  busyAgents: ReadonlyArray<{ sdk_app_id: number; mail: string }>,
): InvariantReport {
  const violations: string[] = [];
  const fail = (text: string) => violations.push(text);
  const byId = new Map(campaigns.map((c) => [Number(c.campaign_id), c]));
  const calleesOf = new Map<number, Array<Selectable<CalleeTable>>>();
  for (const callee of callees) {
    const id = Number(callee.campaign_id);
    const list = calleesOf.get(id) ?? [];
    list.push(callee);
    calleesOf.set(id, list);
  }
  const sessionById = new Map(sessions.map((s) => [s.session_id, s]));
  const lastEndOf = new Map<number, number>();
  for (const s of sessions) {
    const id = Number(s.campaign_id);
    if (s.ended_ts !== null && s.ended_ts > (lastEndOf.get(id) ?? 0)) lastEndOf.set(id, s.ended_ts);
  }
  const attemptsOf = new Map<string, Array<Selectable<SessionTable>>>();
  for (const session of sessions) {
    const key = `${session.campaign_id}/${session.callee_seq}`;
    const list = attemptsOf.get(key) ?? [];
    list.push(session);
    attemptsOf.set(key, list);
  }

  // Acknowledged creates survive, whole and as asked.
  for (const ack of options.acknowledged ?? []) {
    const row = byId.get(ack.campaignId);
    if (!row) {
      fail(`acknowledged campaign ${ack.campaignId} (${ack.name}) is missing`);
      continue;
    }
    if (row.deleted !== 0) fail(`acknowledged campaign ${ack.campaignId} is marked deleted`);
    if (row.name !== ack.name)
      fail(`campaign ${ack.campaignId} is named ${row.name}, created as ${ack.name}`);
    if (Number(row.sdk_app_id) !== ack.sdkAppId) fail(`campaign ${ack.campaignId} changed application`);
    if (row.callee_count !== ack.calleeCount) {
      fail(`campaign ${ack.campaignId} has CalleeCount ${row.callee_count}, created with ${ack.calleeCount}`);
    }
  }
  if (options.attempted) {
    for (const row of campaigns) {
      const sent = options.attempted.get(row.name);
      if (!sent) fail(`campaign ${row.campaign_id} (${row.name}) was never asked for`);
      else if (sent.refused)
        fail(`campaign ${row.campaign_id} (${row.name}) exists though its create was refused`);
      else if (sent.calleeCount !== row.callee_count) {
        fail(
          `campaign ${row.campaign_id} has CalleeCount ${row.callee_count}, sent with ${sent.calleeCount}`,
        );
      }
    }
  }

  let finishedCallees = 0;
  for (const campaign of campaigns) {
    const id = Number(campaign.campaign_id);
    const list = calleesOf.get(id) ?? [];
    if (list.length !== campaign.callee_count) {
      fail(`campaign ${id} has ${list.length} callee rows for CalleeCount ${campaign.callee_count}`);
    }
    list.forEach((callee, index) => {
      if (callee.seq !== index) fail(`campaign ${id}: callee seq ${callee.seq} at position ${index}`);
    });
    const finished = list.filter((c) => c.state === 'finished').length;
    finishedCallees += finished;
    if (finished !== campaign.finished_callee_count) {
      fail(
        `campaign ${id}: FinishedCalleeCount ${campaign.finished_callee_count}, ${finished} callees finished`,
      );
    }
    if (campaign.status === CampaignStatus.Completed) {
      if (finished !== campaign.callee_count)
        fail(`campaign ${id} completed with ${finished}/${campaign.callee_count} finished`);
      if (campaign.status_reason !== StatusReason.Normal)
        fail(`campaign ${id} completed with reason ${campaign.status_reason}`);
    }
    if (
      campaign.status === CampaignStatus.Terminated &&
      campaign.status_reason === StatusReason.EndTimePassed
    ) {
      if (campaign.updated_at < campaign.end_time_s * 1000) {
        fail(
          `campaign ${id} ended for its EndTime at ${campaign.updated_at}, before ${campaign.end_time_s * 1000}`,
        );
      }
    }
    for (const callee of list) checkCallee(campaign, callee, attemptsOf, sessionById, fail);
  }

  for (const session of sessions) checkSession(session, byId, fail);

  const open = sessions.filter((s) => s.ended_ts === null);
  if (options.quiescent) {
    for (const s of open) fail(`session ${s.session_id} (campaign ${s.campaign_id}) is still open`);
    for (const c of callees) {
      if (c.state === 'dialing') fail(`callee ${c.campaign_id}/${c.seq} is still dialing`);
    }
    for (const a of busyAgents) fail(`agent ${a.mail} of ${a.sdk_app_id} is busy with no call in progress`);
  }

  let crashCutSessions = 0;
  for (const sessionId of options.crashCut ?? []) {
    crashCutSessions++;
    const session = sessionById.get(sessionId);
    if (!session) {
      fail(`crash-cut session ${sessionId} is missing`);
      continue;
    }
    if (session.ended_ts === null) {
      fail(`crash-cut session ${sessionId} was never closed by recovery`);
      continue;
    }
    if (session.hung_up_side !== 'system') {
      fail(`crash-cut session ${sessionId} closed with HungUpSide ${session.hung_up_side}, not system`);
    }
    if (session.end_status !== recoveryEndStatus(session)) {
      fail(
        `crash-cut session ${sessionId} closed with EndStatus ${session.end_status}, expected ${recoveryEndStatus(session)}`,
      );
    }
  }

  if (options.engineTickedAt !== undefined) {
    const at = options.engineTickedAt;
    for (const c of campaigns) {
      if (c.deleted !== 0) continue;
      const live =
        c.status === CampaignStatus.Ready ||
        c.status === CampaignStatus.Running ||
        c.status === CampaignStatus.Paused;
      if (live && c.end_time_s * 1000 <= at)
        fail(`campaign ${c.campaign_id} is ${c.status} past its EndTime`);
      if (c.status === CampaignStatus.Ready && c.start_time_s * 1000 <= at) {
        fail(`campaign ${c.campaign_id} is still ready past its StartTime`);
      }
      const lastEnd = lastEndOf.get(Number(c.campaign_id)) ?? c.updated_at;
      if (c.status === CampaignStatus.Running && c.finished_callee_count >= c.callee_count && lastEnd <= at) {
        fail(`campaign ${c.campaign_id} is running with every callee finished`);
      }
    }
  }

  for (const [campaignId, command] of options.commands ?? []) {
    const c = byId.get(campaignId);
    if (!c) continue;
    const endTimePassed =
      c.status === CampaignStatus.Terminated && c.status_reason === StatusReason.EndTimePassed;
    const ok =
      command === 'abort'
        ? c.status === CampaignStatus.Terminated && c.status_reason === StatusReason.Aborted
        : command === 'pause'
          ? c.status === CampaignStatus.Paused || endTimePassed
          : c.status === CampaignStatus.Running || c.status === CampaignStatus.Completed || endTimePassed;
    if (!ok)
      fail(
        `campaign ${campaignId}: acknowledged ${command}, now status ${c.status} reason ${c.status_reason}`,
      );
  }

  return {
    violations,
    counts: {
      campaigns: campaigns.length,
      callees: callees.length,
      sessions: sessions.length,
      openSessions: open.length,
      crashCutSessions,
      finishedCallees,
    },
  };
}

/** A callee's attempts: numbered 1…n without gaps or repeats, within 1 + RetryTimes, its state theirs. */
function checkCallee(
  campaign: Selectable<CampaignTable>,
  callee: Selectable<CalleeTable>,
  attemptsOf: ReadonlyMap<string, ReadonlyArray<Selectable<SessionTable>>>,
  sessionById: ReadonlyMap<string, Selectable<SessionTable>>,
  fail: (text: string) => void,
): void {
  const name = `callee ${campaign.campaign_id}/${callee.seq}`;
  const attempts = [...(attemptsOf.get(`${campaign.campaign_id}/${callee.seq}`) ?? [])].sort(
    (a, b) => a.attempt - b.attempt,
  );
  if (attempts.length !== callee.attempts) {
    fail(`${name} counts ${callee.attempts} attempts, has ${attempts.length} sessions`);
  }
  attempts.forEach((session, index) => {
    if (session.attempt !== index + 1) {
      fail(`${name}: attempt numbers ${attempts.map((s) => s.attempt).join(',')} (placed twice or skipped)`);
    }
    if (session.callee !== callee.number)
      fail(`${name}: session ${session.session_id} dialed ${session.callee}`);
  });
  if (callee.attempts > 1 + campaign.retry_times) {
    fail(`${name} got ${callee.attempts} attempts, RetryTimes is ${campaign.retry_times}`);
  }
  const last = attempts.at(-1);
  const openOnes = attempts.filter((s) => s.ended_ts === null);
  if (openOnes.length > 1) fail(`${name} has ${openOnes.length} calls in progress at once`);
  switch (callee.state) {
    case 'dialing': {
      const current =
        callee.current_session_id === null ? undefined : sessionById.get(callee.current_session_id);
      if (!current || current !== last || current.ended_ts !== null) {
        fail(`${name} is dialing without its latest attempt open`);
      }
      return;
    }
    case 'pending':
    case 'finished':
      if (callee.current_session_id !== null) fail(`${name} is ${callee.state} with a current session`);
      if (openOnes.length > 0) fail(`${name} is ${callee.state} with a call in progress`);
      break;
    default:
      fail(`${name} has an unknown state ${callee.state}`);
      return;
  }
  if (!last || last.end_status === null) {
    if (callee.state === 'finished') fail(`${name} is finished without any attempt`);
    return;
  }
  const retry = isRetried(last.end_status) && last.attempt <= campaign.retry_times;
  if (callee.state === 'pending' && !retry) {
    fail(`${name} is pending after attempt ${last.attempt} ended ${last.end_status}`);
  }
  if (callee.state === 'finished' && retry && campaign.deleted === 0) {
    // A retried outcome that finished the callee: only recovery of a deleted campaign does that.
    fail(`${name} is finished after attempt ${last.attempt} ended ${last.end_status} with retries left`);
  }
  if (callee.state === 'pending' && last.ended_ts !== null) {
    const earliest = last.ended_ts + campaign.retry_interval_s * 1000;
    if (callee.next_attempt_at < earliest) {
      fail(`${name} is due again at ${callee.next_attempt_at}, before ${earliest} (RetryInterval)`);
    }
  }
}

function checkSession(
  s: Selectable<SessionTable>,
  campaigns: ReadonlyMap<number, Selectable<CampaignTable>>,
  fail: (text: string) => void,
): void {
  const name = `session ${s.session_id}`;
  const campaign = campaigns.get(Number(s.campaign_id));
  if (!campaign) {
    fail(`${name} belongs to no campaign (${s.campaign_id})`);
    return;
  }
  if (Number(s.sdk_app_id) !== Number(campaign.sdk_app_id))
    fail(`${name} is filed under another application`);
  if (s.ended_ts === null) {
    if (s.end_status !== null || s.hung_up_side !== null || s.session_status === 'finished') {
      fail(`${name} is open but carries an end`);
    }
    return;
  }
  if (s.end_status === null || !isEndStatus(s.end_status))
    fail(`${name} closed with EndStatus ${s.end_status}`);
  if (s.hung_up_side === null || !HUNG_UP_SIDES.has(s.hung_up_side)) {
    fail(`${name} closed with HungUpSide ${s.hung_up_side}`);
  }
  if (s.session_status !== 'finished') fail(`${name} closed with status ${s.session_status}`);
  if (s.ended_ts < s.start_ts) fail(`${name} ended before it started`);
  for (const [column, at] of [
    ['ring_ts', s.ring_ts],
    ['accept_ts', s.accept_ts],
    ['seat_join_ts', s.seat_join_ts],
  ] as const) {
    if (at !== null && (at < s.start_ts || at > s.ended_ts)) fail(`${name}: ${column} outside the call`);
  }
  if (s.end_status === EndStatus.Ok && (s.seat_join_ts === null || s.seat_mail === null)) {
    fail(`${name} connected (EndStatus 1) without an agent`);
  }
  if (
    (s.end_status === EndStatus.WaitingGiveUp || s.end_status === EndStatus.IvrEnd) &&
    s.accept_ts === null
  ) {
    fail(`${name} abandoned without being answered`);
  }
}
