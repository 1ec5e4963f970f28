import type { Kysely } from 'kysely';
import type { Page } from '../page.ts';
import type { Database } from '../schema.ts';

/** One page of a campaign's call attempts (SessionIds), in the order they were placed. */
export async function listCampaignSessionIds(
  db: Kysely<Database>,
  campaignId: number,
  page: Page,
): Promise<{ total: number; sessionIds: string[] }> {
  const counted = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (page.offset >= total) return { total, sessionIds: [] };
  const rows = await db
    .selectFrom('sessions')
    .select('session_id')
    .where('campaign_id', '=', campaignId)
    .orderBy('start_ts')
    .orderBy('session_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total, sessionIds: rows.map((row) => row.session_id) };
}
