import { type Kysely, sql } from 'kysely';

/**
 * The node whose call holds an agent (busy or in wrap-up), written with the status itself: a node
 * that dies between making an agent busy and recording the agent on the session still leaves a
 * trace, so reaping it frees the agent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('held_by_node', 'text').execute();
  await backfillHeldByNode(db);
}

/**
 * Agents on a call while the database is upgraded: held by the node of their latest call, as
 * recovery judged before this column existed (no node on a single node, whose recovery frees all).
 */
export async function backfillHeldByNode<DB>(db: Kysely<DB>): Promise<void> {
  await sql`
    update staff set held_by_node = (
      select s.owner_node from sessions s
      where s.sdk_app_id = staff.sdk_app_id and s.seat_mail = staff.mail
      order by s.seat_join_ts desc
      limit 1
    )
    where status in ('busy', 'afterCallWork')`.execute(db);
}
