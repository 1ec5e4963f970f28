import type { Kysely } from 'kysely';

/**
 * The digest nonces the SIP registrar has accepted, with the highest nonce count taken, shared by
 * every node (store/sip/kyselyNonceLedger.ts): a response captured off the wire is then refused on
 * every node, where each node's memory alone let it pass once on each of the others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sip_nonce_uses')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('last_nc', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sip_nonce_uses_issued').on('sip_nonce_uses').column('issued_at').execute();
}
