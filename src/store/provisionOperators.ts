import type { Kysely } from 'kysely';
import type { OperatorConfig } from '../config.ts';
import { hashPassword, verifyPassword } from '../domain/password.ts';
import type { Database } from './schema.ts';

/**
 * Makes the operators table exactly what the config declares: new operators added, changed ones
 * updated, and those no longer declared deleted, which ends their console sessions. Runs at every
 * start, in one transaction.
 */
export async function provisionOperators(
  db: Kysely<Database>,
  operators: readonly OperatorConfig[],
  now: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const stored = new Map(
      (await tx.selectFrom('operators').select(['name', 'account_id', 'password_hash']).execute()).map(
        (r) => [r.name, r],
      ),
    );
    for (const operator of operators) {
      const before = stored.get(operator.name);
      stored.delete(operator.name);
      const passwordHash =
        operator.passwordHash ?? (await keptOrNewHash(operator.password ?? '', before?.password_hash));
      if (before?.account_id === operator.account && before.password_hash === passwordHash) continue;
      const row = { account_id: operator.account, password_hash: passwordHash, modified_at: now };
      if (before) await tx.updateTable('operators').set(row).where('name', '=', operator.name).execute();
      else
        await tx
          .insertInto('operators')
          .values({ name: operator.name, ...row })
          .execute();
    }
    const removed = [...stored.keys()];
    if (removed.length > 0) await tx.deleteFrom('operators').where('name', 'in', removed).execute();
  });
}

/**
 * A plain password hashes to a new salt at every start; keeping the stored hash while it still
 * fits keeps the operator's sessions, which end when the hash changes, across restarts.
 */
async function keptOrNewHash(password: string, stored: string | undefined): Promise<string> {
  return stored !== undefined && (await verifyPassword(password, stored)) ? stored : hashPassword(password);
}
