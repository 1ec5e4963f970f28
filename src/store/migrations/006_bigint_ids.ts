import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Campaign and skill-group ids are `serial` on PostgreSQL — 32-bit — where every other id and the
 * API (up to 2^53 − 1, CampaignRanges.id) take them as 64-bit, as SQLite's INTEGER is. A CampaignId
 * past 2^31 − 1 then made PostgreSQL refuse the query itself ("out of range for type integer"),
 * which the API reported as InternalError.DBError where an unknown id is InvalidParameterValue
 * (found by fuzzing every action on PostgreSQL). Widened to bigint, as the columns that refer to
 * them already are. SQLite: nothing to do.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.schema
    .alterTable('campaigns')
    .alterColumn('campaign_id', (c) => c.setDataType('bigint'))
    .execute();
  await db.schema
    .alterTable('skill_groups')
    .alterColumn('skill_group_id', (c) => c.setDataType('bigint'))
    .execute();
}
