import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Adds an IVR to an application, or renames and re-targets one it has. */
export async function upsertIvr(
  db: Kysely<Database>,
  ivr: { sdkAppId: number; ivrId: number; name: string; target: string },
): Promise<'added' | 'updated'> {
  const existing = await db
    .selectFrom('ivrs')
    .select('ivr_id')
    .where('sdk_app_id', '=', ivr.sdkAppId)
    .where('ivr_id', '=', ivr.ivrId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('ivrs')
      .set({ name: ivr.name, target: ivr.target })
      .where('sdk_app_id', '=', ivr.sdkAppId)
      .where('ivr_id', '=', ivr.ivrId)
      .execute();
    return 'updated';
  }
  await db
    .insertInto('ivrs')
    .values({ sdk_app_id: ivr.sdkAppId, ivr_id: ivr.ivrId, name: ivr.name, target: ivr.target })
    .execute();
  return 'added';
}
