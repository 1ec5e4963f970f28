import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The application's numbers and their DescribeNumbers state: what a campaign's Callers must be. */
export async function numberStates(db: Kysely<Database>, sdkAppId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('numbers')
    .select(['number', 'state'])
    .where('sdk_app_id', '=', sdkAppId)
    .execute();
  return new Map(rows.map((row) => [row.number, row.state]));
}

export async function skillGroupExists(
  db: Kysely<Database>,
  sdkAppId: number,
  skillGroupId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('skill_groups')
    .select('skill_group_id')
    .where('skill_group_id', '=', skillGroupId)
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}

export async function ivrExists(db: Kysely<Database>, sdkAppId: number, ivrId: number): Promise<boolean> {
  const row = await db
    .selectFrom('ivrs')
    .select('ivr_id')
    .where('sdk_app_id', '=', sdkAppId)
    .where('ivr_id', '=', ivrId)
    .executeTakeFirst();
  return row !== undefined;
}
