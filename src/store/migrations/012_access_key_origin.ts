import type { Kysely } from 'kysely';

/**
 * Where each access key came from: `config` (declared in the configuration file, or by
 * CCC_SECRET_ID / CCC_SECRET_KEY), `generated` (made by the server for an account that declared
 * none) or `admin` (`ccc-dialer admin key add`). A key the configuration no longer declares is
 * disabled at start; one added by hand is left alone. Keys that existed before this column count
 * as added by hand until the configuration declares them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_keys')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('admin'))
    .execute();
}
