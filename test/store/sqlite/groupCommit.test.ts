import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitDialect, type GroupCommitSqlite } from '../../../src/store/sqlite/groupCommitDialect.ts';
import { openSqlite } from '../../../src/store/sqlite/openSqlite.ts';

interface Schema {
  items: { id: number; label: string };
  parents: { id: number };
  children: { id: number; parent_id: number };
}

let dir: string;
let file: string;
let sqlite: GroupCommitSqlite;
let db: Kysely<Schema>;
/** Another connection, as another process would have: it sees only what is committed. */
let outsider: BetterSqlite3.Database;

const labels = () =>
  (outsider.prepare('SELECT label FROM items ORDER BY id').all() as Array<{ label: string }>).map(
    (row) => row.label,
  );
const insert = (k: Kysely<Schema>, label: string) =>
  k
    .insertInto('items')
    .values({ label } as never)
    .execute();

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-group-commit-'));
  file = path.join(dir, 'test.db');
  sqlite = openSqlite(file);
  db = new Kysely<Schema>({ dialect: new GroupCommitDialect(sqlite) });
  await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)`.execute(db);
  outsider = new BetterSqlite3(file);
});

afterEach(async () => {
  outsider.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit on SQLite', () => {
  it('keeps the writer in WAL mode with synchronous=FULL: every physical commit is an fsync', () => {
    expect(sqlite.writerPragma('journal_mode')).toBe('wal');
    expect(sqlite.writerPragma('synchronous')).toBe(2);
  });

  it('commits concurrent transactions together, and a failing one alone rolls back', async () => {
    const before = sqlite.group.commits;
    const results = await Promise.allSettled([
      db.transaction().execute(async (tx) => {
        await insert(tx, 'a1');
        await insert(tx, 'a2');
      }),
      db.transaction().execute(async (tx) => {
        await insert(tx, 'b1');
        throw new Error('b changed its mind');
      }),
      db.transaction().execute(async (tx) => {
        await insert(tx, 'c1');
        await insert(tx, 'a1'); // violates UNIQUE: this transaction fails, its c1 with it
      }),
      db.transaction().execute(async (tx) => insert(tx, 'd1')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(labels()).toEqual(['a1', 'a2', 'd1']);
    expect(sqlite.group.commits - before).toBe(1);
  });

  it('lets a transaction see the ones committed before it in the same batch', async () => {
    const [, count] = await Promise.all([
      db.transaction().execute((tx) => insert(tx, 'first')),
      db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    ]);
    expect(count).toBe(1);
  });

  it('makes a transaction visible to other connections only when its commit resolves', async () => {
    let resolved = false;
    const committed = db
      .transaction()
      .execute((tx) => insert(tx, 'pending'))
      .then(() => {
        resolved = true;
        return labels();
      });
    // Let the transaction run up to its logical commit, but not the physical COMMIT (setImmediate).
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(resolved).toBe(false);
    expect(labels()).toEqual([]);
    // Nor does this process read it before the commit: reads go to the reader connection.
    expect(await db.selectFrom('items').select('label').execute()).toEqual([]);
    expect(await committed).toEqual(['pending']);
  });

  it('acknowledges a write outside any transaction only after its commit', async () => {
    const write = insert(db, 'alone').then(() => labels());
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(labels()).toEqual([]);
    expect(await write).toEqual(['alone']);
  });

  it('reads outside a transaction without waiting for one that is open', async () => {
    await insert(db, 'old');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const open = db.transaction().execute(async (tx) => {
      await insert(tx, 'new');
      await held;
    });
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect((await db.selectFrom('items').select('label').execute()).map((r) => r.label)).toEqual(['old']);
    release();
    await open;
    expect((await db.selectFrom('items').select('label').execute()).map((r) => r.label)).toEqual([
      'old',
      'new',
    ]);
  });

  it('rejects every transaction of a batch whose physical COMMIT fails, and acknowledges none', async () => {
    await sql`CREATE TABLE parents (id INTEGER PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL
      REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)`.execute(db);
    // A deferred foreign key is checked only at COMMIT: the one way to make a COMMIT fail here.
    const results = await Promise.allSettled([
      db.transaction().execute((tx) => insert(tx, 'innocent')),
      db.transaction().execute((tx) => tx.insertInto('children').values({ id: 1, parent_id: 42 }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(labels()).toEqual([]);
    // The writer is usable again.
    await db.transaction().execute((tx) => insert(tx, 'after'));
    expect(labels()).toEqual(['after']);
  });

  it('commits what is pending when the database is closed', async () => {
    const pending = insert(db, 'last');
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await db.destroy();
    await pending;
    expect(labels()).toEqual(['last']);
    // afterEach destroys again: reopen so that it has something to close.
    sqlite = openSqlite(file);
    db = new Kysely<Schema>({ dialect: new GroupCommitDialect(sqlite) });
  });
});

describe('group commit on an in-memory SQLite database (one connection)', () => {
  it('commits concurrent transactions and keeps reads out of an unfinished one', async () => {
    const memory = new Kysely<Schema>({ dialect: new GroupCommitDialect(openSqlite(':memory:')) });
    try {
      await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)`.execute(memory);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const open = memory.transaction().execute(async (tx) => {
        await insert(tx, 'half');
        await held;
        await insert(tx, 'done');
      });
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const read = memory.selectFrom('items').select('label').execute();
      release();
      await open;
      expect((await read).map((r) => r.label)).toEqual(['half', 'done']);
    } finally {
      await memory.destroy();
    }
  });
});
