import type { Kysely } from 'kysely';

/**
 * Console sessions signed out before they expired. A session lives in a signed cookie the server
 * keeps no copy of, so signing out must be remembered here, by the session's id, for as long as
 * the cookie would otherwise be good: a copy of it then opens nothing on any node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_signouts')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('console_signouts_expiry')
    .on('console_signouts')
    .column('expires_at')
    .execute();
}
