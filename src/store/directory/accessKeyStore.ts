import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function accessKeyExists(db: Kysely<Database>, secretId: string): Promise<boolean> {
  const row = await db
    .selectFrom('access_keys')
    .select('secret_id')
    .where('secret_id', '=', secretId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertAccessKey(
  db: Kysely<Database>,
  key: { secretId: string; secretKey: string; accountId: string; at: number },
): Promise<void> {
  await db
    .insertInto('access_keys')
    .values({
      secret_id: key.secretId,
      secret_key: key.secretKey,
      account_id: key.accountId,
      enabled: 1,
      created_at: key.at,
    })
    .execute();
}

/** A key as the configuration declares it: added, or its secret, account and enabled state restored. */
export async function upsertAccessKey(
  db: Kysely<Database>,
  key: { secretId: string; secretKey: string; accountId: string; at: number },
): Promise<void> {
  if (!(await accessKeyExists(db, key.secretId))) return insertAccessKey(db, key);
  await db
    .updateTable('access_keys')
    .set({ secret_key: key.secretKey, account_id: key.accountId, enabled: 1 })
    .where('secret_id', '=', key.secretId)
    .execute();
}

/** A disabled key stays on record but signs nothing (AuthFailure.SecretIdNotFound). */
export async function disableAccessKey(db: Kysely<Database>, secretId: string): Promise<boolean> {
  const result = await db
    .updateTable('access_keys')
    .set({ enabled: 0 })
    .where('secret_id', '=', secretId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
