/**
 * PreparedQuery: compiled once, it must run exactly as the query built each time would, on each
 * backend, in and out of transactions, with the caller's values bound as parameters.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { PreparedQuery } from '../../src/store/preparedQuery.ts';
import type { Database } from '../../src/store/schema.ts';
import { openTestDatabase, storeBackends } from '../support/testDatabase.ts';

const nameByKey = new PreparedQuery((db: Kysely<Database>, values: { key: string }) =>
  db.selectFrom('meta').select(['key', 'value']).where('key', '=', values.key),
);

/** The shape chooses the filter; a placeholder only ever stands for a value. */
const keysAfter = new PreparedQuery(
  (db: Kysely<Database>, values: { after: string; limit: number }, shape: 'all' | 'after') =>
    db
      .selectFrom('meta')
      .select('key')
      .$if(shape === 'after', (q) => q.where('key', '>', values.after))
      .orderBy('key')
      .limit(values.limit),
);

const insertMeta = new PreparedQuery((db: Kysely<Database>, values: { key: string; value: string }) =>
  db.insertInto('meta').values({ key: values.key, value: values.value }),
);

/** Inserts the placeholders whole: one column for each name the first run's values had. */
const insertWhole = new PreparedQuery((db: Kysely<Database>, values: { key: string; value: string }) =>
  db.insertInto('meta').values(values),
);

describe.each(storeBackends())('a prepared query on %s', (backend) => {
  let opened: OpenedDatabase;
  let db: Kysely<Database>;
  beforeEach(async () => {
    opened = await openTestDatabase(backend, 'prepared');
    db = opened.db;
    await db.deleteFrom('meta').execute();
    for (const key of ['a', 'b', 'c', 'd']) await insertMeta.run(db, { key, value: `value of ${key}` });
  });
  afterEach(() => opened.close());

  it('binds fresh values at every run, and its SQL is the one Kysely builds', async () => {
    expect(await nameByKey.executeTakeFirst(db, { key: 'b' })).toEqual({ key: 'b', value: 'value of b' });
    expect(await nameByKey.executeTakeFirst(db, { key: 'd' })).toEqual({ key: 'd', value: 'value of d' });
    expect(await nameByKey.executeTakeFirst(db, { key: 'zz' })).toBeUndefined();
    const built = db.selectFrom('meta').select(['key', 'value']).where('key', '=', 'b').compile();
    const { rows } = await db.executeQuery(built);
    expect(rows).toEqual(await nameByKey.execute(db, { key: 'b' }));
  });

  it('takes a value that looks like SQL as a value', async () => {
    const hostile = "a' or '1'='1";
    expect(await nameByKey.execute(db, { key: hostile })).toEqual([]);
    await insertMeta.run(db, { key: hostile, value: 'kept verbatim' });
    expect(await nameByKey.executeTakeFirst(db, { key: hostile })).toEqual({
      key: hostile,
      value: 'kept verbatim',
    });
  });

  it('keeps a compilation for each shape', async () => {
    expect(await keysAfter.execute(db, { after: 'b', limit: 10 }, 'after')).toEqual([
      { key: 'c' },
      { key: 'd' },
    ]);
    expect(await keysAfter.execute(db, { after: 'b', limit: 2 }, 'all')).toEqual([
      { key: 'a' },
      { key: 'b' },
    ]);
    expect(await keysAfter.execute(db, { after: 'a', limit: 1 }, 'after')).toEqual([{ key: 'b' }]);
  });

  it('runs inside a transaction, whose rollback undoes it', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await insertMeta.run(tx, { key: 'e', value: 'in the transaction' });
        expect(await nameByKey.executeTakeFirst(tx, { key: 'e' })).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await nameByKey.executeTakeFirst(db, { key: 'e' })).toBeUndefined();
    await db.transaction().execute((tx) => insertMeta.run(tx, { key: 'e', value: 'committed' }));
    expect(await nameByKey.executeTakeFirst(db, { key: 'e' })).toEqual({ key: 'e', value: 'committed' });
  });

  it('takes every name of the values as a placeholder, and refuses a later run with a name more', async () => {
    await insertWhole.run(db, { key: 'g', value: 'whole' });
    await insertWhole.run(db, { key: 'h', value: 'whole too' });
    expect(await nameByKey.executeTakeFirst(db, { key: 'h' })).toEqual({ key: 'h', value: 'whole too' });
    await expect(
      insertWhole.run(db, { key: 'i', value: 'more', extra: 'x' } as { key: string; value: string }),
    ).rejects.toThrow('prepared query parameter `extra` is not in its query');
    expect(await nameByKey.executeTakeFirst(db, { key: 'i' })).toBeUndefined();
  });

  it('refuses a run that leaves a value out, rather than dropping its column', async () => {
    await expect(insertMeta.run(db, { key: 'f' } as { key: string; value: string })).rejects.toThrow(
      'prepared query parameter `value` has no value',
    );
    expect(await nameByKey.executeTakeFirst(db, { key: 'f' })).toBeUndefined();
  });
});
