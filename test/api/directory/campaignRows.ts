import type { Kysely } from 'kysely';
import type { Database } from '../../../src/store/schema.ts';

/** A campaign row as the campaign family would have written it, for tests that only need it to exist. */
export async function insertCampaign(
  db: Kysely<Database>,
  campaign: { sdkAppId: number; skillGroupId: number; status: number; deleted?: number },
): Promise<number> {
  const row = await db
    .insertInto('campaigns')
    .values({
      sdk_app_id: campaign.sdkAppId,
      name: 'test campaign',
      callers: '["0086075586013388"]',
      call_order: 1,
      skill_group_id: campaign.skillGroupId,
      ivr_id: null,
      priority: 3,
      expected_abandon_rate: 5,
      retry_times: 0,
      retry_interval_s: 60,
      start_time_s: 1_700_000_000,
      end_time_s: 1_900_000_000,
      variables: '[]',
      uui: '',
      time_zone: null,
      available_time: '[]',
      status: campaign.status,
      status_reason: 0,
      callee_count: 1,
      finished_callee_count: 0,
      deleted: campaign.deleted ?? 0,
      created_at: 0,
      updated_at: 0,
    })
    .returning('campaign_id')
    .executeTakeFirstOrThrow();
  return Number(row.campaign_id);
}
