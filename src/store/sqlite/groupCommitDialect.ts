import type BetterSqlite3 from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { type PreparedStatements, preparedStatements } from '../statementCache.ts';
import { GroupCommit } from './groupCommit.ts';

/** How long a reading of another process's commits (`PRAGMA data_version`) is trusted. */
const DATA_VERSION_TTL_MS = 1;

/**
 * Kysely over better-sqlite3 with two connections and group commit (see GroupCommit):
 * - reads outside a transaction run at once on a reader connection, which sees committed data
 *   only (WAL): no waiting behind a writer, and nothing not yet on disk;
 * - transactions, and writes outside one (each then a transaction of its own), run on the writer
 *   as logical transactions of a group commit, acknowledged only after their physical COMMIT.
 * Kysely's own SQLite driver serialises every query on one connection behind a mutex, a
 * transaction's whole duration included, and commits each transaction with an fsync of its own.
 *
 * An in-memory database cannot have a second connection: there, reads go through the writer too,
 * between logical transactions.
 */
export class GroupCommitSqlite {
  readonly group: GroupCommit;
  readonly #writer: PreparedStatements;
  readonly #reader: PreparedStatements | null;
  readonly #readerDatabase: BetterSqlite3.Database | null;
  readonly #writerDatabase: BetterSqlite3.Database;
  readonly #dataVersion: BetterSqlite3.Statement | null;
  #dataVersionNow = 0;
  #dataVersionReadAtMs = Number.NEGATIVE_INFINITY;
  /** The last token made, and what it was made of: most calls find nothing changed. */
  #token = '0:0';
  #tokenDataVersion = 0;
  #tokenCommits = 0;

  constructor(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database | null) {
    this.#writerDatabase = writer;
    this.#readerDatabase = reader;
    this.group = new GroupCommit(writer);
    this.#writer = preparedStatements(writer);
    this.#reader = reader ? preparedStatements(reader) : null;
    this.#dataVersion = reader ? reader.prepare('PRAGMA data_version').pluck() : null;
  }

  /**
   * Differs after any commit to the database, by this process or another (`admin` commands):
   * what a cache of database reads is valid for. This process's commits count at once. Another
   * process's show in the reader's `PRAGMA data_version`, read at most once a millisecond: each
   * read is a statement of its own (~5 µs in the server), which read once an event-loop turn cost
   * a request ~5 µs under load. So a change from another process is seen within a millisecond of
   * its commit — long before the command that made it has even exited.
   */
  changeToken(): string {
    if (this.#dataVersion) {
      const nowMs = performance.now();
      if (nowMs - this.#dataVersionReadAtMs >= DATA_VERSION_TTL_MS) {
        this.#dataVersionNow = this.#dataVersion.get() as number;
        this.#dataVersionReadAtMs = nowMs;
      }
    }
    const commits = this.group.commits;
    if (this.#tokenDataVersion !== this.#dataVersionNow || this.#tokenCommits !== commits) {
      this.#tokenDataVersion = this.#dataVersionNow;
      this.#tokenCommits = commits;
      this.#token = `${this.#dataVersionNow}:${commits}`;
    }
    return this.#token;
  }

  /** A pragma's value on the writer connection, for diagnostics. */
  writerPragma(name: string): unknown {
    return this.#writerDatabase.pragma(name, { simple: true });
  }

  /** Runs a query outside any transaction. */
  async execute(query: CompiledQuery): Promise<QueryResult<unknown>> {
    const reader = this.#reader;
    if (reader) {
      const statement = readStatement(reader, query.sql);
      if (statement) return run(statement, query.parameters);
    } else {
      const statement = this.#writer(query.sql);
      if (statement.readonly) return this.group.exclusive(() => run(statement, query.parameters));
    }
    return this.group.transaction(() => this.executeInTransaction(query));
  }

  /** Runs a query inside the current logical transaction (the caller holds the writer). */
  executeInTransaction(query: CompiledQuery): QueryResult<unknown> {
    return run(this.#writer(query.sql), query.parameters);
  }

  /** A fresh statement for a streamed read, which holds its statement until it ends. */
  streamStatement(sql: string, inTransaction: boolean): BetterSqlite3.Statement {
    return (inTransaction ? this.#writerDatabase : (this.#readerDatabase ?? this.#writerDatabase)).prepare(
      sql,
    );
  }

  async close(): Promise<void> {
    await this.group.close();
    this.#readerDatabase?.close();
    this.#writerDatabase.close();
  }
}

/** The reader's statement for `sql` if it only reads; undefined if it writes (or is not for the reader). */
function readStatement(reader: PreparedStatements, sql: string): BetterSqlite3.Statement | undefined {
  let statement: BetterSqlite3.Statement;
  try {
    statement = reader(sql);
  } catch {
    // Let the writer report it (some DDL does not even prepare outside a transaction's schema).
    return undefined;
  }
  return statement.readonly ? statement : undefined;
}

function run(statement: BetterSqlite3.Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (statement.reader) return { rows: rowsOf(statement, parameters) };
  const { changes, lastInsertRowid } = statement.run(...parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** Each reading statement's column names, read once (see rowsOf). */
const columnNames = new WeakMap<BetterSqlite3.Statement, string[]>();

function readColumnNames(statement: BetterSqlite3.Statement): string[] {
  const names = statement.columns().map((column) => column.name);
  columnNames.set(statement, names);
  return names;
}

/**
 * A reading statement's rows as objects, made here from its raw rows: better-sqlite3 makes each
 * row object property by property through V8's C++ interface, which cost a page of 20 campaigns
 * 46 µs against 31 µs this way. A statement's names are read once, and again if its rows change
 * width (SQLite prepares a statement again when its table gains a column). As in better-sqlite3,
 * a later column of the same name wins.
 */
function rowsOf(statement: BetterSqlite3.Statement, parameters: readonly unknown[]): unknown[] {
  let names = columnNames.get(statement);
  if (names === undefined) names = readColumnNames(statement.raw(true));
  const values = statement.all(...parameters) as unknown[][];
  if (values.length > 0 && values[0]!.length !== names.length) names = readColumnNames(statement);
  const rows = new Array<Record<string, unknown>>(values.length);
  for (let r = 0; r < values.length; r++) {
    const rowValues = values[r]!;
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = rowValues[c];
    rows[r] = row;
  }
  return rows;
}

/** One use of the database by Kysely: a single query, or a transaction. */
class GroupCommitConnection implements DatabaseConnection {
  readonly #sqlite: GroupCommitSqlite;
  #inTransaction = false;

  constructor(sqlite: GroupCommitSqlite) {
    this.#sqlite = sqlite;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#inTransaction) return this.#sqlite.execute(query) as Promise<QueryResult<R>>;
    try {
      return Promise.resolve(this.#sqlite.executeInTransaction(query) as QueryResult<R>);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only SELECT queries');
    const statement = this.#sqlite.streamStatement(query.sql, this.#inTransaction);
    for (const row of statement.iterate(...query.parameters)) yield { rows: [row as R] };
  }

  async begin(): Promise<void> {
    await this.#sqlite.group.begin();
    this.#inTransaction = true;
  }

  commit(): Promise<void> {
    this.#inTransaction = false;
    return this.#sqlite.group.commit();
  }

  async rollback(): Promise<void> {
    // A failed commit has ended the logical transaction already.
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    this.#sqlite.group.rollback();
  }

  async savepoint(command: 'SAVEPOINT' | 'ROLLBACK TO' | 'RELEASE', name: string): Promise<void> {
    await this.executeQuery({
      sql: `${command} "${name.replaceAll('"', '""')}"`,
      parameters: [],
      query: undefined as never,
      queryId: undefined as never,
    });
  }
}

class GroupCommitDriver implements Driver {
  readonly #sqlite: GroupCommitSqlite;

  constructor(sqlite: GroupCommitSqlite) {
    this.#sqlite = sqlite;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GroupCommitConnection(this.#sqlite);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GroupCommitConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GroupCommitConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GroupCommitConnection).rollback();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as GroupCommitConnection).savepoint('SAVEPOINT', name);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as GroupCommitConnection).savepoint('ROLLBACK TO', name);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as GroupCommitConnection).savepoint('RELEASE', name);
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#sqlite.close();
  }
}

export class GroupCommitDialect implements Dialect {
  readonly #sqlite: GroupCommitSqlite;

  constructor(sqlite: GroupCommitSqlite) {
    this.#sqlite = sqlite;
  }

  createDriver(): Driver {
    return new GroupCommitDriver(this.#sqlite);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
