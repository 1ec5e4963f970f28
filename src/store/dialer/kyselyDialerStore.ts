import { type Kysely, type Selectable, sql } from 'kysely';
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
  OpenSession,
  PlacedAttempt,
  SessionProgress,
  SkillGroupInfo,
} from '../../dialer/ports/dialerStore.ts';
import type { CampaignStatus, StatusReason } from '../../domain/campaign/campaignStatus.ts';
import type { Variable } from '../../domain/campaign/variables.ts';
import { storedStaffStatus } from '../../domain/staff/staffStatus.ts';
import { settingsOf } from '../campaigns/campaignRecord.ts';
import { dbNowMs } from '../cluster/dbNow.ts';
import type { Dialect } from '../dialect.ts';
import { setStaffStatus } from '../directory/staffStatusStore.ts';
import type { CampaignTable, Database, StaffTable } from '../schema.ts';
import { wholeMs } from '../wholeMs.ts';

const LIVE: readonly number[] = [0, 1, 2];

/**
 * The engine's store on SQL (SQLite or PostgreSQL, through Kysely). Each method is one transaction;
 * the engine acts only after it resolves.
 */
export class KyselyDialerStore implements DialerStore {
  /** The last write issued for each session with writes in flight (see inSessionOrder). */
  private readonly sessionWrites = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  async listLiveCampaigns(readyBy?: number): Promise<CampaignSettings[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('deleted', '=', 0)
      .where('status', 'in', LIVE)
      .$if(readyBy !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('status', '!=', 0),
            eb('start_time_s', '<=', Math.floor(readyBy! / 1000)),
            eb('end_time_s', '<=', Math.floor(readyBy! / 1000)),
          ]),
        ),
      )
      .orderBy('campaign_id')
      .execute();
    return rows.map(campaignOf);
  }

  async loadCampaign(campaignId: number): Promise<CampaignSettings | undefined> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    return row ? campaignOf(row) : undefined;
  }

  async transitionCampaign(t: CampaignTransition): Promise<boolean> {
    const result = await this.db
      .updateTable('campaigns')
      .set({ status: t.to, status_reason: t.reason, updated_at: wholeMs(t.at) })
      .where('campaign_id', '=', t.campaignId)
      .where('deleted', '=', 0)
      .where('status', 'in', [...t.from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async loadApplication(sdkAppId: number): Promise<ApplicationSettings | undefined> {
    const app = await this.db
      .selectFrom('applications')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .executeTakeFirst();
    if (!app) return undefined;
    const [numbers, ivrs] = await Promise.all([
      this.db.selectFrom('numbers').selectAll().where('sdk_app_id', '=', sdkAppId).execute(),
      this.db.selectFrom('ivrs').selectAll().where('sdk_app_id', '=', sdkAppId).execute(),
    ]);
    return {
      sdkAppId,
      abandonRateCeiling: app.abandon_rate_ceiling,
      abandonQuietSeconds: app.abandon_quiet_seconds,
      maxConcurrentCalls: app.max_concurrent_calls,
      maxCallsPerSecond: app.max_calls_per_second,
      wrapUpSeconds: app.wrap_up_seconds,
      numbers: numbers.map((n) => ({
        number: n.number,
        state: n.state,
        maxConcurrentCalls: n.max_concurrent_calls,
        maxCallsPerSecond: n.max_calls_per_second,
      })),
      ivrs: ivrs.map((i) => ({ ivrId: i.ivr_id, target: i.target })),
    };
  }

  async loadSkillGroup(skillGroupId: number): Promise<SkillGroupInfo | undefined> {
    const row = await this.db
      .selectFrom('skill_groups')
      .select(['skill_group_id', 'sdk_app_id', 'name'])
      .where('skill_group_id', '=', skillGroupId)
      .executeTakeFirst();
    return row ? { skillGroupId: row.skill_group_id, sdkAppId: row.sdk_app_id, name: row.name } : undefined;
  }

  async claimCallees(claim: CalleeClaim): Promise<PlacedAttempt[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('callees')
        .select(['seq', 'number', 'uui', 'variables', 'attempts'])
        .where('campaign_id', '=', claim.campaignId)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', wholeMs(claim.now))
        .orderBy('next_attempt_at')
        .orderBy('order_key')
        .limit(claim.limit)
        .$if(claim.leaseOwner !== undefined, (q) =>
          q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('leases')
                .select('leases.campaign_id')
                .where('leases.campaign_id', '=', claim.campaignId)
                .where('leases.owner_node', '=', claim.leaseOwner!)
                .where('leases.expires_at', '>', dbNowMs(this.dialect)),
            ),
          ),
        )
        // Several nodes may claim for one campaign during a lease hand-over: never the same rows.
        .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
        .execute();
      const placed: PlacedAttempt[] = [];
      for (const row of due) {
        const callee: DueCallee = {
          campaignId: claim.campaignId,
          seq: row.seq,
          number: row.number,
          uui: row.uui,
          variables: row.variables ? (JSON.parse(row.variables) as Variable[]) : null,
          attemptsBefore: row.attempts,
        };
        const session = claim.session(callee);
        const attempt = row.attempts + 1;
        const updated = await tx
          .updateTable('callees')
          .set({ state: 'dialing', attempts: attempt, current_session_id: session.sessionId })
          .where('campaign_id', '=', claim.campaignId)
          .where('seq', '=', row.seq)
          .where('state', '=', 'pending')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        await tx
          .insertInto('sessions')
          .values({
            session_id: session.sessionId,
            sdk_app_id: claim.sdkAppId,
            campaign_id: claim.campaignId,
            callee_seq: row.seq,
            attempt,
            caller: session.caller,
            callee: row.number,
            direction: 1,
            call_type: 5,
            session_status: 'ringing',
            start_ts: wholeMs(claim.now),
            skill_group_id: claim.skillGroupId,
            skill_group_name: session.skillGroupName,
            ivr_id: session.ivrId,
            uui: session.uui,
            variables: JSON.stringify(session.variables),
            owner_node: session.ownerNode,
          })
          .execute();
        placed.push({ callee, attempt, session });
      }
      return placed;
    });
  }

  recordProgress(progress: SessionProgress): Promise<void> {
    return this.inSessionOrder(progress.sessionId, () => this.writeProgress(progress));
  }

  private async writeProgress(progress: SessionProgress): Promise<void> {
    const update = this.db
      .updateTable('sessions')
      .where('session_id', '=', progress.sessionId)
      .where('ended_ts', 'is', null);
    switch (progress.kind) {
      case 'ringing':
        await update.set({ ring_ts: wholeMs(progress.at) }).execute();
        return;
      case 'answered':
        await update
          .set({
            accept_ts: wholeMs(progress.at),
            queued_ts: wholeMs(progress.at),
            session_status: 'seatJoining',
          })
          .execute();
        return;
      case 'connected':
        await update
          .set({
            seat_join_ts: wholeMs(progress.at),
            seat_user: progress.seatUser,
            seat_mail: progress.seatMail,
            staff_number: progress.staffNumber,
            session_status: 'inProgress',
          })
          .execute();
        return;
    }
  }

  finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.inSessionOrder(end.sessionId, () => this.writeEnd(end));
  }

  /**
   * Writes to one session are applied in the order the engine issues them. On PostgreSQL each
   * statement runs on whichever pooled connection comes free first, so the end of a call could
   * overtake its answer or its agent's joining (the 3-node test caught sessions closed as
   * "connected" without their agent, "abandoned" without their answer), and the earlier write,
   * finding the session closed, be lost.
   */
  private inSessionOrder<T>(sessionId: string, write: () => Promise<T>): Promise<T> {
    const before = this.sessionWrites.get(sessionId);
    const next = before ? before.then(write) : write();
    const settled = next.then(
      () => {},
      () => {},
    );
    this.sessionWrites.set(sessionId, settled);
    void settled.then(() => {
      if (this.sessionWrites.get(sessionId) === settled) this.sessionWrites.delete(sessionId);
    });
    return next;
  }

  /**
   * A call ends no earlier than its last progress. The engine's own writes are in order anyway;
   * this is for the node that closes what a node it found dead left, while that node, only
   * stalled, still records an answer after the closer read its clock.
   */
  private notBeforeProgress(endedAt: number) {
    const latest = this.dialect === 'postgres' ? sql`greatest` : sql`max`;
    return sql<number>`${latest}(${endedAt}, coalesce(ring_ts, ${endedAt}), coalesce(accept_ts, ${endedAt}), coalesce(seat_join_ts, ${endedAt}))`;
  }

  private async writeEnd(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const closed = await tx
        .updateTable('sessions')
        .set({
          end_status: end.endStatus,
          hung_up_side: end.hungUpSide,
          ended_ts: this.notBeforeProgress(wholeMs(end.endedAt)),
          session_status: 'finished',
          ...(end.telephonyIds ? { telephony_ids: JSON.stringify(end.telephonyIds) } : {}),
        })
        .where('session_id', '=', end.sessionId)
        .where('ended_ts', 'is', null)
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) === 0) return undefined;
      await tx
        .updateTable('callees')
        .set({
          state: end.callee.state,
          last_end_status: end.endStatus,
          current_session_id: null,
          ...(end.callee.state === 'pending' ? { next_attempt_at: wholeMs(end.callee.nextAttemptAt) } : {}),
        })
        .where('campaign_id', '=', end.campaignId)
        .where('seq', '=', end.calleeSeq)
        .execute();
      if (end.callee.state === 'finished') {
        await tx
          .updateTable('campaigns')
          .set((eb) => ({ finished_callee_count: eb('finished_callee_count', '+', 1) }))
          .where('campaign_id', '=', end.campaignId)
          .execute();
      }
      const counts = await tx
        .selectFrom('campaigns')
        .select(['callee_count', 'finished_callee_count'])
        .where('campaign_id', '=', end.campaignId)
        .executeTakeFirstOrThrow();
      return { calleeCount: counts.callee_count, finishedCalleeCount: counts.finished_callee_count };
    });
  }

  async listOpenSessions(ownerNode?: string | null): Promise<OpenSession[]> {
    let query = this.db.selectFrom('sessions').selectAll().where('ended_ts', 'is', null);
    if (ownerNode !== undefined) {
      query =
        ownerNode === null
          ? query.where('owner_node', 'is', null)
          : query.where('owner_node', '=', ownerNode);
    }
    const rows = await query.orderBy('start_ts').execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      sdkAppId: r.sdk_app_id,
      campaignId: r.campaign_id,
      calleeSeq: r.callee_seq,
      attempt: r.attempt,
      startedAt: r.start_ts,
      answeredAt: r.accept_ts,
      connectedAt: r.seat_join_ts,
      seatMail: r.seat_mail,
    }));
  }

  async listAgentsHeldBy(ownerNode: string): Promise<Array<{ sdkAppId: number; mail: string }>> {
    const rows = await this.db
      .selectFrom('staff')
      .select(['staff.sdk_app_id', 'staff.mail'])
      .where('staff.status', 'in', ['busy', 'afterCallWork'])
      .where(
        (eb) =>
          eb
            .selectFrom('sessions')
            .select('sessions.owner_node')
            .whereRef('sessions.sdk_app_id', '=', 'staff.sdk_app_id')
            .whereRef('sessions.seat_mail', '=', 'staff.mail')
            .orderBy('sessions.seat_join_ts', 'desc')
            .limit(1),
        '=',
        ownerNode,
      )
      .execute();
    return rows.map((r) => ({ sdkAppId: r.sdk_app_id, mail: r.mail }));
  }

  async loadAgents(sdkAppId: number, skillGroupId?: number): Promise<AgentRecord[]> {
    let staffQuery = this.db.selectFrom('staff').selectAll().where('sdk_app_id', '=', sdkAppId);
    if (skillGroupId !== undefined) {
      staffQuery = staffQuery.where('mail', 'in', (eb) =>
        eb
          .selectFrom('staff_skill_groups')
          .select('mail')
          .where('sdk_app_id', '=', sdkAppId)
          .where('skill_group_id', '=', skillGroupId),
      );
    }
    const [staff, bindings] = await Promise.all([
      staffQuery.orderBy('mail').execute(),
      this.db
        .selectFrom('staff_skill_groups')
        .select(['mail', 'skill_group_id'])
        .where('sdk_app_id', '=', sdkAppId)
        .execute(),
    ]);
    const groupsOf = new Map<string, number[]>();
    for (const b of bindings) groupsOf.set(b.mail, [...(groupsOf.get(b.mail) ?? []), b.skill_group_id]);
    return staff.map((s) => agentOf(s, groupsOf.get(s.mail) ?? []));
  }

  async loadAgent(sdkAppId: number, mail: string): Promise<AgentRecord | undefined> {
    const row = await this.db
      .selectFrom('staff')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .executeTakeFirst();
    if (!row) return undefined;
    const groups = await this.db
      .selectFrom('staff_skill_groups')
      .select('skill_group_id')
      .where('sdk_app_id', '=', sdkAppId)
      .where('mail', '=', mail)
      .execute();
    return agentOf(
      row,
      groups.map((g) => g.skill_group_id),
    );
  }

  async setAgentStatus(change: AgentStatusChange): Promise<AgentStatusResult> {
    const result = await setStaffStatus(this.db, change);
    if (!result) return { applied: false, previous: 'offline' };
    return { applied: result.applied, previous: result.previousStatus };
  }
}

function campaignOf(row: Selectable<CampaignTable>): CampaignSettings {
  const s = settingsOf(row);
  return {
    campaignId: row.campaign_id,
    sdkAppId: row.sdk_app_id,
    name: s.name,
    callers: s.callers,
    callOrder: s.callOrder,
    skillGroupId: s.skillGroupId,
    ivrId: s.ivrId,
    priority: s.priority,
    expectedAbandonRate: s.expectedAbandonRate,
    retryTimes: s.retryTimes,
    retryIntervalSeconds: s.retryIntervalS,
    startAt: s.startTimeS * 1000,
    endAt: s.endTimeS * 1000,
    variables: s.variables,
    uui: s.uui,
    timeZone: s.timeZone,
    availableTime: s.availableTime,
    status: row.status as CampaignStatus,
    statusReason: row.status_reason as StatusReason,
    calleeCount: row.callee_count,
    finishedCalleeCount: row.finished_callee_count,
    updatedAt: row.updated_at,
  };
}

function agentOf(row: Selectable<StaffTable>, skillGroupIds: number[]): AgentRecord {
  return {
    sdkAppId: row.sdk_app_id,
    mail: row.mail,
    userId: row.user_id,
    staffNumber: row.staff_number,
    sipUri: row.sip_uri,
    status: storedStaffStatus(row.status),
    statusSince: row.status_since,
    skillGroupIds,
  };
}
