import { describe, expect, it } from 'vitest';
import { ChangeCache } from '../../src/store/changeCache.ts';

describe('ChangeCache', () => {
  it('keeps a value until the change token moves, then reads again', async () => {
    let token = 'a';
    let reads = 0;
    const cache = new ChangeCache(() => token);
    const load = async () => ({ read: ++reads });
    expect(await cache.get('k', load)).toEqual({ read: 1 });
    expect(await cache.get('k', load)).toEqual({ read: 1 });
    token = 'b';
    expect(await cache.get('k', load)).toEqual({ read: 2 });
  });

  it('keeps nothing where the database cannot tell a change (PostgreSQL)', async () => {
    let reads = 0;
    const cache = new ChangeCache(() => undefined);
    await cache.get('k', async () => ++reads);
    await cache.get('k', async () => ++reads);
    expect(reads).toBe(2);
  });

  it('does not keep a value read while something was committed', async () => {
    let token = 'a';
    let reads = 0;
    const cache = new ChangeCache(() => token);
    const load = async () => {
      reads++;
      token = `moved ${reads}`;
      return reads;
    };
    await cache.get('k', load);
    token = 'stable';
    expect(await cache.get('k', async () => ++reads)).toBe(2);
    expect(await cache.get('k', async () => ++reads)).toBe(2);
  });

  it('keeps absent rows too, and at most `capacity` keys, dropping the oldest', async () => {
    const cache = new ChangeCache(() => 't', 2);
    let reads = 0;
    const absent = async () => {
      reads++;
      return undefined;
    };
    await cache.get('a', absent);
    await cache.get('a', absent);
    expect(reads).toBe(1);
    await cache.get('b', absent);
    await cache.get('c', absent);
    await cache.get('a', absent);
    expect(reads).toBe(4);
  });

  it('freezes what it shares between callers', async () => {
    const cache = new ChangeCache(() => 't');
    const value = await cache.get('k', async () => ({ limit: 5 }));
    expect(Object.isFrozen(value)).toBe(true);
  });
});
