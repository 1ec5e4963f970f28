import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running the small
 * queries an API request makes (measured: 8% of a signed Describe's CPU). The query builder yields
 * the same SQL text for the same query shape, so prepared statements are kept by text.
 * Bounded: a few shapes vary with their row count (batched inserts), the oldest are dropped.
 */
export function withStatementCache(database: BetterSqlite3.Database, capacity = 512): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepared = (sql: string): BetterSqlite3.Statement => {
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
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = prepared(sql);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(...(parameters as unknown[])),
        run: (parameters) => statement.run(...(parameters as unknown[])),
        // A streaming read holds its statement until it ends: give it one of its own.
        iterate: (parameters) => database.prepare(sql).iterate(...(parameters as unknown[])),
      };
    },
  };
}
