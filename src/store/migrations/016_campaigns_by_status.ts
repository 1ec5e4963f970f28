import type { Kysely } from 'kysely';

/**
 * The live campaigns, found without reading the ended ones. The engine lists them every few
 * seconds (and a cluster node on every lease round) with no application in the query, and
 * `campaigns_app_status` led with the application: SQLite read the whole table instead. With
 * 100,000 ended campaigns that held the event loop ~25–30 ms on every list; led by the status
 * it is 0.2 ms. The skill-group check of DeleteCCCSkillGroup (application, group, live status)
 * looks among the live campaigns in the same index, which replaces the old one: a Create writes
 * no more B-trees than before. It holds nothing else: given the application or skill group too,
 * it would cover the campaign listing's counts, and SQLite's planner took it for them and counted
 * every application's campaigns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('campaigns_app_status').ifExists().execute();
  await db.schema.createIndex('campaigns_status').on('campaigns').columns(['deleted', 'status']).execute();
}
