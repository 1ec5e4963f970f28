import type { Kysely, Selectable } from 'kysely';
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
import type { Dialect } from '../dialect.ts';
import { setStaffStatus } from '../directory/staffStatusStore.ts';
import type { CampaignTable, Database, StaffTable } from '../schema.ts';

const LIVE: readonly number[] = [0, 1, 2];

/**
 * The engine's store on SQL (SQLite or PostgreSQL, through Kysely). Each method is one transaction;
 * the engine acts only after it resolves.
 */
export class KyselyDialerStore implements DialerStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  async listLiveCampaigns(): Promise<CampaignSettings[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('deleted', '=', 0)
      .where('status', 'in', LIVE)
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
      .set({ status: t.to, status_reason: t.reason, updated_at: t.at })
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
        .where('next_attempt_at', '<=', claim.now)
        .orderBy('next_attempt_at')
        .orderBy('order_key')
        .limit(claim.limit)
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
            start_ts: claim.now,
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

  async recordProgress(progress: SessionProgress): Promise<void> {
    const update = this.db
      .updateTable('sessions')
      .where('session_id', '=', progress.sessionId)
      .where('ended_ts', 'is', null);
    switch (progress.kind) {
      case 'ringing':
        await update.set({ ring_ts: progress.at }).execute();
        return;
      case 'answered':
        await update
          .set({ accept_ts: progress.at, queued_ts: progress.at, session_status: 'seatJoining' })
          .execute();
        return;
      case 'connected':
        await update
          .set({
            seat_join_ts: progress.at,
            seat_user: progress.seatUser,
            seat_mail: progress.seatMail,
            staff_number: progress.staffNumber,
            session_status: 'inProgress',
          })
          .execute();
        return;
    }
  }

  async finishAttempt(end: AttemptEnd): Promise<FinishedAttempt | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const closed = await tx
        .updateTable('sessions')
        .set({
          end_status: end.endStatus,
          hung_up_side: end.hungUpSide,
          ended_ts: end.endedAt,
          session_status: 'finished',
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
          ...(end.callee.state === 'pending' ? { next_attempt_at: end.callee.nextAttemptAt } : {}),
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
