import type { Kysely } from 'kysely';

/**
 * The built-in SIP registrar's bindings, so that every node of a cluster can call a phone that
 * registered with any of them. One row per contact an agent's phone registered (RFC 3261 §10.3);
 * times are ms on the registering node's clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sip_registrations')
    // The agent's mail, lower-cased: the digest username.
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('cseq', 'bigint', (c) => c.notNull())
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sip_registrations_pk', ['username', 'contact'])
    .execute();
}
