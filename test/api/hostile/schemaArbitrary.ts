import { Kind, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';

/**
 * Parameters for an action, drawn from its input schema. Half are well-formed (within the
 * schema's ranges, with ids and numbers the test server knows), so that requests reach the handler
 * and the store; a third are well-formed but for one field, removed, added, or replaced by
 * something hostile (2^53 − 1, −1, a long or binary string, `__proto__`, a list for a number); the
 * rest are anything of roughly the right shape.
 */
export function parametersFor(schema: TSchema): fc.Arbitrary<unknown> {
  const valid = compliant(schema, 0, undefined);
  const oneBad = fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('replace', 'remove', 'add'),
      hostile,
      fc.string({ minLength: 1, maxLength: 8 }),
    )
    .map(([value, at, how, bad, extraName]) => {
      const object = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(object);
      const key = keys.length === 0 || how === 'add' ? extraName : keys[at % keys.length]!;
      if (how === 'remove') delete object[key];
      else object[key] = bad;
      return object;
    });
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: oneBad, weight: 2 },
    { arbitrary: wild(schema, 0), weight: 1 },
  );
}

const now = Math.floor(Date.now() / 1000);

/** Values known to the test server (test/support/testServer.ts), so that lookups sometimes hit. */
const HINTS: Readonly<Record<string, readonly unknown[]>> = {
  SdkAppId: [...Array<number>(8).fill(1400000000), 1400000009, 1],
  SkillGroupId: [255, 900, 1],
  SkillGroupID: [255, 900],
  SkillGroupIds: [[255], []],
  CampaignId: [1, 2, 3, 0],
  IVRId: [4600, 7000],
  Callers: [['0086075586013388'], ['0086075586013399'], ['+14155550123']],
  Callees: [['+8613012345678', '+8613012345679'], ['13012345678']],
  Callee: ['+8613012345678'],
  StaffEmail: ['agent1@1400000000.sim', 'agent2@1400000000.sim', 'nobody@example.com'],
  Email: ['agent1@1400000000.sim', 'nobody@example.com'],
  Mail: ['new@example.com', 'agent3@1400000000.sim'],
  StaffMail: ['agent1@1400000000.sim'],
  StaffList: [['agent1@1400000000.sim'], ['nobody@example.com']],
  StaffUserId: ['agent1@1400000000.sim'],
  Status: ['free', 'rest', 'notReady', 'busy'],
  StatusList: [['free'], ['busy', 'rest']],
  SessionId: ['00000000-0000-4000-8000-000000000000'],
  SessionIds: [['00000000-0000-4000-8000-000000000000']],
  Phones: [['+8613012345678']],
  StartTime: [now, now - 60, '09:00:00'],
  EndTime: [now + 3600, '18:00:00'],
  StartTimeStamp: [now - 3600],
  EndTimeStamp: [now],
  StartTimestamp: [now - 3600],
  EndTimestamp: [now],
  ModifiedTime: [now - 86_400],
  TimeZone: ['Asia/Shanghai', 'UTC'],
  Password: ['s3cret-pass'],
};

const hostile = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    0.5,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e21,
    '',
    '__proto__',
    'constructor',
    null,
    true,
    [],
    {},
    [[[[]]]],
    { __proto__: null, constructor: 1 },
  ),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n)),
  fc.jsonValue({ maxDepth: 2 }),
);

function compliant(schema: TSchema, depth: number, name: string | undefined): fc.Arbitrary<unknown> {
  const hints = name === undefined ? undefined : HINTS[name];
  const typed = compliantTyped(schema, depth);
  return hints
    ? fc.oneof({ arbitrary: fc.constantFrom(...hints), weight: 3 }, { arbitrary: typed, weight: 1 })
    : typed;
}

function compliantTyped(schema: TSchema, depth: number): fc.Arbitrary<unknown> {
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number': {
      const min = Math.max(Number(schema['minimum'] ?? -1000), -Number.MAX_SAFE_INTEGER);
      const max = Math.min(Number(schema['maximum'] ?? 1000), Number.MAX_SAFE_INTEGER);
      return fc.oneof(
        fc.constantFrom(min, max),
        fc.integer({
          min: Math.max(min, -1_000_000),
          max: Math.min(max, Math.max(min, -1_000_000) + 2_000_000),
        }),
      );
    }
    case 'String': {
      const minLength = Number(schema['minLength'] ?? 0);
      const maxLength = Math.min(Number(schema['maxLength'] ?? 24), minLength + 24);
      // Control characters too (NUL among them), and any code point: text the databases may choke on.
      return fc.oneof(
        { arbitrary: fc.string({ minLength, maxLength }), weight: 3 },
        { arbitrary: fc.string({ unit: 'binary-ascii', minLength, maxLength }), weight: 1 },
        { arbitrary: fc.string({ unit: 'binary', minLength, maxLength }), weight: 1 },
      );
    }
    case 'Boolean':
      return fc.boolean();
    case 'Literal':
      return fc.constant(schema['const']);
    case 'Union':
      return fc.oneof(...(schema['anyOf'] as TSchema[]).map((member) => compliantTyped(member, depth)));
    case 'Array': {
      const minLength = Number(schema['minItems'] ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(schema['maxItems'] ?? 3), 3));
      return fc.array(compliant(schema['items'] as TSchema, depth + 1, undefined), { minLength, maxLength });
    }
    case 'Object': {
      const properties = (schema['properties'] ?? {}) as Record<string, TSchema>;
      const fields = Object.fromEntries(
        Object.entries(properties).map(([key, field]) => [key, compliant(field, depth + 1, key)]),
      );
      return fc.record(fields, { requiredKeys: (schema['required'] ?? []) as string[] });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Roughly the schema's shape, any value anywhere. */
function wild(schema: TSchema, depth: number): fc.Arbitrary<unknown> {
  const anything = fc.oneof(hostile, compliantTyped(schema, depth));
  switch (schema[Kind]) {
    case 'Array':
      return depth > 3
        ? anything
        : fc.oneof(anything, fc.array(wild(schema['items'] as TSchema, depth + 1), { maxLength: 4 }));
    case 'Object': {
      const properties = (schema['properties'] ?? {}) as Record<string, TSchema>;
      const fields = Object.fromEntries(
        Object.entries(properties).map(([key, field]) => [key, wild(field, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: [] });
    }
    default:
      return anything;
  }
}
