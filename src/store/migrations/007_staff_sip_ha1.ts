import type { Kysely } from 'kysely';

/** The digest HA1 of an agent's password, so phones registering to the dialer can be checked. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('sip_ha1', 'text').execute();
}
