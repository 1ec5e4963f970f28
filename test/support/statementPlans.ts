import { CompiledQuery, type Kysely, type KyselyPlugin } from 'kysely';
import type { OpenedDatabase } from '../../src/store/database.ts';
import type { Database } from '../../src/store/schema.ts';

/** Runs `work` on a handle of the database that records every statement it compiles. */
export async function statementsOf(
  database: OpenedDatabase,
  work: (db: Kysely<Database>) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const compiled: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      compiled.push(database.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await work(database.db.withPlugin(recorder));
  return compiled;
}

/**
 * SQLite's plan for a statement, one step a line. A prepared query (store/preparedQuery.ts) is
 * compiled with placeholders for its values; the plan does not depend on them (no statistics).
 */
export async function planOf(database: OpenedDatabase, query: CompiledQuery): Promise<string[]> {
  const values = query.parameters.map((p) => (typeof p === 'object' && p !== null ? null : p));
  const result = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, values),
  );
  return result.rows.map((row) => row.detail);
}
