import BetterSqlite3 from 'better-sqlite3';
import { GroupCommitSqlite } from './groupCommitDialect.ts';

/**
 * Opens a SQLite database file: the writer in WAL mode with synchronous=FULL (a commit is on disk
 * before we act on it, so a process crash or a power loss loses no acknowledged write; WAL+NORMAL
 * would risk the last commits on power loss), and a reader connection beside it. An in-memory
 * database (`:memory:`, or '' for a temporary one) is one connection.
 */
export function openSqlite(file: string): GroupCommitSqlite {
  const writer = openSqliteWriter(file);
  if (file === ':memory:' || file === '') return new GroupCommitSqlite(writer, null);
  const reader = new BetterSqlite3(file);
  reader.pragma('busy_timeout = 5000');
  return new GroupCommitSqlite(writer, reader);
}

/** The writer connection alone, set up as openSqlite sets up its own (the API benchmark writes through one). */
export function openSqliteWriter(file: string): BetterSqlite3.Database {
  const writer = new BetterSqlite3(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  return writer;
}
