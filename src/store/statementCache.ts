import type BetterSqlite3 from 'better-sqlite3';

/** A connection's prepared statement for an SQL text, prepared once. */
export type PreparedStatements = (sql: string) => BetterSqlite3.Statement;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running the small
 * queries an API request makes (measured: 8% of a signed Describe's CPU). The query builder yields
 * the same SQL text for the same query shape, so prepared statements are kept by text.
 * Bounded: a few shapes vary with their row count (batched inserts), the oldest are dropped.
 */
export function preparedStatements(database: BetterSqlite3.Database, capacity = 512): PreparedStatements {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (statement) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      cache.delete(sql);
    } else {
      statement = database.prepare(sql);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
}
