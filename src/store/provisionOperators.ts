import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../domain/password.ts';
import type { OperatorConfig } from '../operatorsConfig.ts';
import type { Database } from './schema.ts';

/** Names of the operators a start added, changed (account or password) and removed. */
export interface OperatorChanges {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

/**
 * Makes the operators table exactly what the config declares: new operators added, changed ones
 * updated, and those no longer declared deleted, which ends their console sessions. Runs at every
 * start, in one transaction. In a cluster the last node started with a config has the last word,
 * so the changes are returned for the start to log.
 */
export async function provisionOperators(
  db: Kysely<Database>,
  operators: readonly OperatorConfig[],
  now: number,
): Promise<OperatorChanges> {
  const changes: OperatorChanges = { added: [], changed: [], removed: [] };
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
      if (before) {
        await tx.updateTable('operators').set(row).where('name', '=', operator.name).execute();
        changes.changed.push(operator.name);
      } else {
        await tx
          .insertInto('operators')
          .values({ name: operator.name, ...row })
          .execute();
        changes.added.push(operator.name);
      }
    }
    const removed = [...stored.keys()];
    if (removed.length > 0) await tx.deleteFrom('operators').where('name', 'in', removed).execute();
    changes.removed.push(...removed);
  });
  return changes;
}

/**
 * A plain password hashes to a new salt at every start; keeping the stored hash while it still
 * fits keeps the operator's sessions, which end when the hash changes, across restarts.
 */
async function keptOrNewHash(password: string, stored: string | undefined): Promise<string> {
  return stored !== undefined && (await verifyPassword(password, stored))
    ? stored
    : await hashPassword(password);
}
