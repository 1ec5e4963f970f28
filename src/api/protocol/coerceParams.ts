import { Kind, type TSchema } from '@sinclair/typebox';
import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';

type Expected = { readonly en: string; readonly zh: string };

const INTEGER: Expected = { en: 'an integer', zh: '整数' };
const NUMBER: Expected = { en: 'a number', zh: '数字' };
const BOOLEAN: Expected = { en: 'a boolean (true or false)', zh: '布尔值（true 或 false）' };
const STRING: Expected = { en: 'a string', zh: '字符串' };
const LIST: Expected = { en: 'a list', zh: '列表' };
const OBJECT: Expected = { en: 'an object', zh: '对象' };

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts the all-string parameters of v1 and TC3 GET requests to the types the action's schema
 * asks for, so one validator serves every scheme. Only what the schema describes is touched;
 * unknown fields, absent fields and values already of the right type pass through for the
 * validator to judge (UnknownParameter, MissingParameter, ranges). A string that cannot become
 * the type asked for is InvalidParameter naming the field's full path (`Callees.2`).
 */
export function coerceParams(schema: TSchema, value: unknown): unknown {
  return coerce(schema, value, '');
}

function coerce(schema: TSchema, value: unknown, path: string): unknown {
  if (value === undefined) return value;
  switch (schema[Kind]) {
    case 'Integer':
      return scalar(value, path, INTEGER, toInteger);
    case 'Number':
      return scalar(value, path, NUMBER, toNumber);
    case 'Boolean':
      return scalar(value, path, BOOLEAN, toBoolean);
    case 'String':
      return scalar(value, path, STRING, (text) => text);
    case 'Literal':
      return literal(schema, value, path);
    case 'Array':
      return array(schema, value, path);
    case 'Object':
      return object(value, path, (key) =>
        Object.hasOwn(schema['properties'] ?? {}, key) ? (schema['properties'][key] as TSchema) : undefined,
      );
    case 'Record':
      return object(value, path, () => Object.values(schema['patternProperties'] ?? {})[0] as TSchema);
    case 'Union':
      return union(schema['anyOf'] as TSchema[], value, path);
    case 'Intersect':
      return (schema['allOf'] as TSchema[]).reduce<unknown>(
        (current, member) => coerce(member, current, path),
        value,
      );
    default:
      return value;
  }
}

function refuse(path: string, expected: Expected, value: unknown): Failure {
  const name = path === '' ? 'the parameters' : `\`${path}\``;
  const shown = typeof value === 'string' ? ` "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : '';
  return new Failure(ErrorCode.InvalidParameter, {
    en: `Parameter ${name} must be ${expected.en}; got${shown || ' a list or object'}.`,
    zh: `参数 ${path === '' ? '' : name} 必须是${expected.zh}，收到的是${shown || '列表或对象'}。`,
  });
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** A scalar arrives as a string; one that is already typed (JSON) is left to the validator. */
function scalar(
  value: unknown,
  path: string,
  expected: Expected,
  convert: (text: string) => unknown,
): unknown {
  if (isContainer(value)) throw refuse(path, expected, value);
  if (typeof value !== 'string') return value;
  const converted = convert(value);
  if (converted === undefined) throw refuse(path, expected, value);
  return converted;
}

/** Integers beyond 2^53 would silently change value as JS numbers: refused rather than rounded. */
function toInteger(text: string): number | undefined {
  if (!INTEGER_TEXT.test(text)) return undefined;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : undefined;
}

function toNumber(text: string): number | undefined {
  if (!DECIMAL_TEXT.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** SDKs write JS/Go `true`; Python's str() writes `True`. */
function toBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** A literal's type decides the conversion; whether the value equals it is the validator's call. */
function literal(schema: TSchema, value: unknown, path: string): unknown {
  const constant: unknown = schema['const'];
  if (typeof constant === 'number') return scalar(value, path, NUMBER, toNumber);
  if (typeof constant === 'boolean') return scalar(value, path, BOOLEAN, toBoolean);
  return scalar(value, path, STRING, (text) => text);
}

/** An empty list cannot be flattened, so the SDKs send it as absent or as an empty string. */
function array(schema: TSchema, value: unknown, path: string): unknown {
  if (value === '') return [];
  if (!Array.isArray(value)) throw refuse(path, LIST, value);
  const items = schema['items'] as TSchema | undefined;
  if (items === undefined) return value;
  return value.map((item, index) => coerce(items, item, `${path}.${index}`));
}

function object(value: unknown, path: string, fieldSchema: (key: string) => TSchema | undefined): unknown {
  if (!isContainer(value) || Array.isArray(value)) throw refuse(path, OBJECT, value);
  // fromEntries defines properties, so even a `__proto__` key stays a plain key.
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => {
      const schema = fieldSchema(key);
      const fieldPath = path === '' ? key : `${path}.${key}`;
      return [key, schema === undefined ? field : coerce(schema, field, fieldPath)];
    }),
  );
}

const isStringLike = (schema: TSchema): boolean =>
  schema[Kind] === 'String' || (schema[Kind] === 'Literal' && typeof schema['const'] === 'string');

/**
 * The first member that accepts the value wins, string-like members last: every text is a valid
 * string, so trying String first would keep `"3"` a string where the union also allows 3.
 */
function union(members: readonly TSchema[], value: unknown, path: string): unknown {
  const ordered = [...members.filter((m) => !isStringLike(m)), ...members.filter(isStringLike)];
  let firstFailure: unknown;
  for (const member of ordered) {
    try {
      return coerce(member, value, path);
    } catch (failure) {
      firstFailure ??= failure;
    }
  }
  if (firstFailure !== undefined) throw firstFailure;
  return value;
}
