import { type Kysely, sql } from 'kysely';

/**
 * `applications.seeded_from_config`: whether the configuration has given the application its skill
 * groups and staff. They are the config's only once, then the API's (provisionApplications); an
 * application first made by `ccc-dialer admin app add` and declared in the file later got none,
 * since provisioning seeded only the applications it created itself. Applications that existed
 * before this column count as seeded: at an upgrade, no staff the API deleted comes back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('applications')
    .addColumn('seeded_from_config', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE applications SET seeded_from_config = 1`.execute(db);
}
