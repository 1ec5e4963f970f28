import type { Kysely } from 'kysely';
import type { AccessKeyOrigin, Database } from '../schema.ts';

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
  key: { secretId: string; secretKey: string; accountId: string; at: number; origin: AccessKeyOrigin },
): Promise<void> {
  await db
    .insertInto('access_keys')
    .values({
      secret_id: key.secretId,
      secret_key: key.secretKey,
      account_id: key.accountId,
      enabled: 1,
      created_at: key.at,
      origin: key.origin,
    })
    .execute();
}

/** A key as the configuration declares it: added, or its secret, account and enabled state restored. */
export async function upsertAccessKey(
  db: Kysely<Database>,
  key: { secretId: string; secretKey: string; accountId: string; at: number },
): Promise<void> {
  if (!(await accessKeyExists(db, key.secretId))) return insertAccessKey(db, { ...key, origin: 'config' });
  await db
    .updateTable('access_keys')
    .set({ secret_key: key.secretKey, account_id: key.accountId, enabled: 1, origin: 'config' })
    .where('secret_id', '=', key.secretId)
    .execute();
}

/**
 * Disables the keys the configuration declared before and declares no more, and the keys the
 * server generated for an account that now declares its own (`declaredAccounts`): removing a key
 * from the file revokes it at the next start. Keys added with `admin` are left alone.
 */
export async function retireUndeclaredKeys(
  db: Kysely<Database>,
  declaredSecretIds: readonly string[],
  declaredAccounts: readonly string[],
): Promise<void> {
  const enabledKeys = () => db.updateTable('access_keys').set({ enabled: 0 }).where('enabled', '=', 1);
  const undeclared = (query: ReturnType<typeof enabledKeys>) =>
    declaredSecretIds.length > 0 ? query.where('secret_id', 'not in', declaredSecretIds) : query;
  await undeclared(enabledKeys().where('origin', '=', 'config')).execute();
  if (declaredAccounts.length > 0) {
    await undeclared(
      enabledKeys().where('origin', '=', 'generated').where('account_id', 'in', declaredAccounts),
    ).execute();
  }
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
