import type { Kysely } from 'kysely';

/**
 * The node whose call holds an agent (busy or in wrap-up), written with the status itself: a node
 * that dies between making an agent busy and recording the agent on the session still leaves a
 * trace, so reaping it frees the agent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('held_by_node', 'text').execute();
}
