import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { coerceParams } from '../../../src/api/protocol/coerceParams.ts';
import { failureOf } from './failureOf.ts';

const Campaign = Type.Object({
  SdkAppId: Type.Integer(),
  Name: Type.String(),
  Callees: Type.Array(Type.String()),
  Priority: Type.Optional(Type.Integer()),
  ExpectedAbandonRate: Type.Number(),
  CallOrder: Type.Union([Type.Literal(0), Type.Literal(1)]),
  Enabled: Type.Optional(Type.Boolean()),
  SkillGroupIds: Type.Optional(Type.Array(Type.Integer())),
  AvailableTime: Type.Optional(
    Type.Array(Type.Object({ StartTime: Type.String(), Weekday: Type.Integer() })),
  ),
  Labels: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  IdOrName: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
});

const base = {
  SdkAppId: '1400000000',
  Name: 'Spring',
  Callees: ['+8613012345678'],
  ExpectedAbandonRate: '10',
  CallOrder: '1',
};

function pathOfFailure(value: Record<string, unknown>): string {
  const failure = failureOf(() => coerceParams(Campaign, { ...base, ...value }));
  expect(failure.code).toBe('InvalidParameter');
  return failure.text.en;
}

describe('coerceParams', () => {
  it('converts every leaf to the type the schema asks for', () => {
    expect(
      coerceParams(Campaign, {
        ...base,
        Priority: '-3',
        ExpectedAbandonRate: '1.5',
        Enabled: 'true',
        SkillGroupIds: ['1', '2'],
        AvailableTime: [{ StartTime: '09:00:00', Weekday: '5' }],
        Labels: { a: '7' },
        IdOrName: '42',
      }),
    ).toEqual({
      SdkAppId: 1_400_000_000,
      Name: 'Spring',
      Callees: ['+8613012345678'],
      Priority: -3,
      ExpectedAbandonRate: 1.5,
      CallOrder: 1,
      Enabled: true,
      SkillGroupIds: [1, 2],
      AvailableTime: [{ StartTime: '09:00:00', Weekday: 5 }],
      Labels: { a: 7 },
      IdOrName: 42,
    });
  });

  it('keeps strings that only look like numbers when the field is a string', () => {
    expect(coerceParams(Campaign, { ...base, Name: '007', Callees: ['13012345679'] })).toMatchObject({
      Name: '007',
      Callees: ['13012345679'],
    });
  });

  it('reads an empty string as an empty list', () => {
    expect(coerceParams(Campaign, { ...base, Callees: '' })).toMatchObject({ Callees: [] });
  });

  it('leaves absent, unknown and already typed values for the validator', () => {
    const typed = { ...base, SdkAppId: 1_400_000_000, Extra: 'x' };
    expect(coerceParams(Campaign, typed)).toEqual({ ...typed, CallOrder: 1, ExpectedAbandonRate: 10 });
    expect(coerceParams(Campaign, { ...base, Priority: undefined })).not.toHaveProperty(
      'Priority',
      expect.anything(),
    );
  });

  it('converts a literal union member to a number even when out of range, so the validator speaks of the value', () => {
    expect(coerceParams(Campaign, { ...base, CallOrder: '7' })).toMatchObject({ CallOrder: 7 });
  });

  it('accepts true/false in any case for booleans', () => {
    expect(coerceParams(Campaign, { ...base, Enabled: 'False' })).toMatchObject({ Enabled: false });
  });

  it.each([
    [{ SdkAppId: '12abc' }, '`SdkAppId`'],
    [{ SdkAppId: '1.5' }, '`SdkAppId`'],
    [{ SdkAppId: '' }, '`SdkAppId`'],
    [{ SdkAppId: '9007199254740993' }, '`SdkAppId`'],
    [{ ExpectedAbandonRate: 'NaN' }, '`ExpectedAbandonRate`'],
    [{ ExpectedAbandonRate: '1e999' }, '`ExpectedAbandonRate`'],
    [{ Enabled: 'yes' }, '`Enabled`'],
    [{ SkillGroupIds: ['1', '2', 'x'] }, '`SkillGroupIds.2`'],
    [{ AvailableTime: [{ StartTime: '09:00:00', Weekday: 'Mon' }] }, '`AvailableTime.0.Weekday`'],
    [{ Callees: 'abc' }, '`Callees`'],
    [{ Name: ['a'] }, '`Name`'],
    [{ AvailableTime: ['x'] }, '`AvailableTime.0`'],
    [{ Labels: { a: 'b' } }, '`Labels.a`'],
    [{ CallOrder: 'random' }, '`CallOrder`'],
  ])('refuses %j naming %s', (value, path) => {
    expect(pathOfFailure(value)).toContain(path);
  });

  it('names the field in Chinese too', () => {
    const failure = failureOf(() => coerceParams(Campaign, { ...base, SkillGroupIds: ['x'] }));
    expect(failure.text.zh).toContain('SkillGroupIds.0');
    expect(failure.text.zh).toContain('整数');
  });
});
