import type { Kysely, Selectable } from 'kysely';
import type {
  ApplicationSettings,
  CampaignTransition,
  DialingCampaign,
  SkillGroupInfo,
} from '../../dialer/ports/dialerStore.ts';
import type { CampaignStatus, StatusReason } from '../../domain/campaign/campaignStatus.ts';
import { settingsOf } from '../campaigns/campaignRecord.ts';
import { PreparedQuery } from '../preparedQuery.ts';
import type { CampaignTable, Database } from '../schema.ts';
import { wholeMs } from '../wholeMs.ts';

const LIVE: readonly number[] = [0, 1, 2];

/** Loaded after every Create (and Update) the API makes: prepared, see PreparedQuery. */
const campaignById = new PreparedQuery((db: Kysely<Database>, values: { campaignId: number }) =>
  db
    .selectFrom('campaigns')
    .selectAll()
    .where('campaign_id', '=', values.campaignId)
    .where('deleted', '=', 0),
);

/**
 * The engine's campaigns on SQL, and what they run on: the application's limits, numbers and IVRs,
 * and the skill group. KyselyDialerStore's campaign part.
 */
export class KyselyCampaigns {
  constructor(private readonly db: Kysely<Database>) {}

  async listLiveCampaigns(readyBy?: number): Promise<DialingCampaign[]> {
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

  async loadCampaign(campaignId: number): Promise<DialingCampaign | undefined> {
    const row = await campaignById.executeTakeFirst(this.db, { campaignId });
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
}

function campaignOf(row: Selectable<CampaignTable>): DialingCampaign {
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
