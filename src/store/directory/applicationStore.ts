import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function accountExists(db: Kysely<Database>, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Serialises the writes of one application that check before they write (two creates passing the
 * live-campaign limit, two skill groups taking one name): a no-op write takes the row lock on
 * PostgreSQL and the write lock on SQLite, in plain SQL both understand (SQLite has no SELECT …
 * FOR UPDATE), until the transaction ends. Returns the application's live campaigns as of that
 * lock (kept by triggers: see migration 004); undefined if there is no such application.
 */
export async function lockApplication(
  tx: Kysely<Database>,
  sdkAppId: number,
): Promise<{ liveCampaigns: number } | undefined> {
  const row = await tx
    .updateTable('applications')
    .set((eb) => ({ sdk_app_id: eb.ref('sdk_app_id') }))
    .where('sdk_app_id', '=', sdkAppId)
    .returning('live_campaigns')
    .executeTakeFirst();
  return row ? { liveCampaigns: Number(row.live_campaigns) } : undefined;
}

export async function applicationExists(db: Kysely<Database>, sdkAppId: number): Promise<boolean> {
  const row = await db
    .selectFrom('applications')
    .select('sdk_app_id')
    .where('sdk_app_id', '=', sdkAppId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates an application with the service's default limits, and its account if it is new.
 * Returns whether the account was created too.
 */
export async function insertApplication(
  db: Kysely<Database>,
  app: { sdkAppId: number; name: string; accountId: string; at: number },
): Promise<{ accountCreated: boolean }> {
  return db.transaction().execute(async (tx) => {
    const accountCreated = !(await accountExists(tx, app.accountId));
    if (accountCreated) {
      await tx
        .insertInto('accounts')
        .values({ account_id: app.accountId, name: app.accountId, created_at: app.at })
        .execute();
    }
    await tx
      .insertInto('applications')
      .values({
        sdk_app_id: app.sdkAppId,
        account_id: app.accountId,
        name: app.name,
        max_callees_per_campaign: null,
        max_live_campaigns: null,
        abandon_rate_ceiling: null,
        abandon_quiet_seconds: null,
        max_concurrent_calls: null,
        max_calls_per_second: null,
        wrap_up_seconds: null,
        created_at: app.at,
      })
      .execute();
    return { accountCreated };
  });
}
