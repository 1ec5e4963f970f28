import { describe, expect, it } from 'vitest';
import { unflattenParams } from '../../../src/api/protocol/unflattenParams.ts';
import { failureOf } from './failureOf.ts';

/** A record whose keys are exactly the given names, `__proto__` included. */
function flat(entries: Array<[string, string]>): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const [name, value] of entries) record[name] = value;
  return record;
}

describe('unflattenParams', () => {
  it('keeps scalars as they are', () => {
    expect(
      unflattenParams(
        flat([
          ['SdkAppId', '1400000000'],
          ['Name', ''],
        ]),
      ),
    ).toEqual({
      SdkAppId: '1400000000',
      Name: '',
    });
  });

  it('turns numeric segments into arrays, in index order whatever the order sent', () => {
    expect(
      unflattenParams(
        flat([
          ['Callees.1', 'b'],
          ['Callees.0', 'a'],
        ]),
      ),
    ).toEqual({ Callees: ['a', 'b'] });
  });

  it('nests arrays of objects holding arrays of objects', () => {
    const params = unflattenParams(
      flat([
        ['CalleeAttributes.0.Callee', '+8613012345678'],
        ['CalleeAttributes.0.Variables.0.Key', 'name'],
        ['CalleeAttributes.0.Variables.0.Value', 'Zhang San'],
        ['CalleeAttributes.0.Variables.1.Key', 'vip'],
        ['CalleeAttributes.0.Variables.1.Value', 'yes'],
        ['AvailableTime.0.StartTime', '09:00:00'],
      ]),
    );
    expect(params).toEqual({
      CalleeAttributes: [
        {
          Callee: '+8613012345678',
          Variables: [
            { Key: 'name', Value: 'Zhang San' },
            { Key: 'vip', Value: 'yes' },
          ],
        },
      ],
      AvailableTime: [{ StartTime: '09:00:00' }],
    });
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s anywhere in a name without touching Object.prototype',
    (name) => {
      for (const key of [`${name}.polluted`, `Variables.0.${name}.polluted`, name]) {
        const failure = failureOf(() => unflattenParams(flat([[key, 'yes']])));
        expect(failure.code).toBe('InvalidParameter');
        expect(failure.text.en).toContain(key);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('refuses an index that skips positions without allocating for it', () => {
    const failure = failureOf(() => unflattenParams(flat([['Callees.99999999', 'x']])));
    expect(failure.code).toBe('InvalidParameter');
    expect(failure.text.en).toContain('Callees.99999999');
    expect(failure.text.zh).toContain('Callees.99999999');
  });

  it('refuses a gap even when every index is below the number of parameters', () => {
    const failure = failureOf(() =>
      unflattenParams(
        flat([
          ['Callees.0', 'a'],
          ['Callees.2', 'c'],
          ['Name', 'n'],
        ]),
      ),
    );
    expect(failure.code).toBe('InvalidParameter');
    expect(failure.text.en).toContain('Callees.2');
  });

  it('refuses indexes too large to be represented exactly', () => {
    const failure = failureOf(() =>
      unflattenParams(
        flat([
          ['Callees.9007199254740993', 'a'],
          ['Callees.9007199254740992', 'b'],
        ]),
      ),
    );
    expect(failure.code).toBe('InvalidParameter');
  });

  it('refuses a name used both as a value and as a container, in either order', () => {
    for (const entries of [
      [
        ['Callees', 'a'],
        ['Callees.0', 'b'],
      ],
      [
        ['Callees.0', 'b'],
        ['Callees', 'a'],
      ],
    ] as Array<Array<[string, string]>>) {
      const failure = failureOf(() => unflattenParams(flat(entries)));
      expect(failure.code).toBe('InvalidParameter');
      expect(failure.text.en).toContain('`Callees`');
    }
  });

  it('refuses a container that mixes indexes and field names', () => {
    const failure = failureOf(() =>
      unflattenParams(
        flat([
          ['Variables.0', 'a'],
          ['Variables.Key', 'b'],
        ]),
      ),
    );
    expect(failure.code).toBe('InvalidParameter');
    expect(failure.text.en).toContain('Variables');
  });

  it('refuses empty segments and absurd depth', () => {
    for (const key of ['Callees.', '.Callees', 'Callees..0', 'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q']) {
      expect(failureOf(() => unflattenParams(flat([[key, 'x']]))).code).toBe('InvalidParameter');
    }
  });

  it('treats a non-canonical index such as 01 as a field name', () => {
    expect(unflattenParams(flat([['Callees.01', 'a']]))).toEqual({ Callees: { '01': 'a' } });
  });
});
