import type { TObject } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/value';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';

/** `/CalleeAttributes/0/Variables/1/Key` → `CalleeAttributes.0.Variables.1.Key`, as Tencent names fields. */
export function fieldName(pointer: string): string {
  return pointer.replace(/^\//, '').split('/').join('.');
}

const CONSTRAINT_ERRORS = new Set<ValueErrorType>([
  ValueErrorType.IntegerExclusiveMaximum,
  ValueErrorType.IntegerExclusiveMinimum,
  ValueErrorType.IntegerMaximum,
  ValueErrorType.IntegerMinimum,
  ValueErrorType.IntegerMultipleOf,
  ValueErrorType.NumberExclusiveMaximum,
  ValueErrorType.NumberExclusiveMinimum,
  ValueErrorType.NumberMaximum,
  ValueErrorType.NumberMinimum,
  ValueErrorType.StringMaxLength,
  ValueErrorType.StringMinLength,
  ValueErrorType.StringPattern,
  ValueErrorType.StringFormat,
  ValueErrorType.ArrayMaxItems,
  ValueErrorType.ArrayMinItems,
  ValueErrorType.ArrayUniqueItems,
]);

/**
 * Whether an error is about the value rather than its type. A literal (or a union of them) is a
 * set of allowed values: 2 where 0, 1, 3 or 4 is asked for is out of range, "1" is the wrong type.
 */
function isOutOfRange(error: ValueError): boolean {
  if (CONSTRAINT_ERRORS.has(error.type)) return true;
  if (error.type === ValueErrorType.Literal) return isSameJsonType(error.value, error.schema['const']);
  // Out of range if the value has the type of some member, i.e. that member only refuses its value.
  // Each member's errors can be read once only: judge a union error a single time.
  if (error.type === ValueErrorType.Union) {
    return error.errors.some((member) => [...member].every(isOutOfRange));
  }
  return false;
}

/** An integer literal's type is integer: 1.5 is the wrong type where 1 is allowed, as for Integer. */
function isSameJsonType(value: unknown, constant: unknown): boolean {
  if (typeof constant === 'number' && Number.isInteger(constant)) return Number.isInteger(value);
  return typeof value === typeof constant;
}

const compiled = new WeakMap<TObject, TypeCheck<TObject>>();

/**
 * An action schema's checker, compiled once: TypeBox's interpreting Value.Check walks the schema
 * on every call. The compiled checker reports errors with the same ValueErrors iterator.
 */
function checkerOf(schema: TObject): TypeCheck<TObject> {
  let checker = compiled.get(schema);
  if (checker === undefined) {
    checker = TypeCompiler.Compile(schema);
    compiled.set(schema, checker);
  }
  return checker;
}

/**
 * Checks business parameters against an action's schema and throws the first problem as Tencent
 * reports it: an unknown field first, then a missing one, then a wrong type, then a value out of range.
 */
export function validateInput(schema: TObject, value: unknown): void {
  const checker = checkerOf(schema);
  if (checker.Check(value)) {
    requireNoNul(value, '');
    return;
  }
  const errors = [...checker.Errors(value)];
  const first = (type: (e: ValueError) => boolean) => errors.find(type);
  const unknown = first((e) => e.type === ValueErrorType.ObjectAdditionalProperties);
  if (unknown) {
    const name = fieldName(unknown.path);
    throw new Failure(ErrorCode.UnknownParameter, {
      en: `The parameter \`${name}\` is not recognized.`,
      zh: `参数 \`${name}\` 无法识别。`,
    });
  }
  const missing = first((e) => e.type === ValueErrorType.ObjectRequiredProperty);
  if (missing) {
    const name = fieldName(missing.path);
    throw new Failure(ErrorCode.MissingParameter, {
      en: `The parameter \`${name}\` is missing.`,
      zh: `缺少参数 \`${name}\`。`,
    });
  }
  const wrongType = first((e) => !isOutOfRange(e));
  if (wrongType) {
    const name = fieldName(wrongType.path) || 'request body';
    throw new Failure(ErrorCode.InvalidParameter, {
      en: `The parameter \`${name}\` has the wrong type or format: ${wrongType.message.toLowerCase()}.`,
      zh: `参数 \`${name}\` 类型或格式错误：${wrongType.message}。`,
    });
  }
  const outOfRange = errors[0]!;
  const name = fieldName(outOfRange.path);
  throw new Failure(ErrorCode.InvalidParameterValue, {
    en: `The value of \`${name}\` is invalid: ${outOfRange.message.toLowerCase()}.`,
    zh: `参数 \`${name}\` 的取值无效：${outOfRange.message}。`,
  });
}

/**
 * Refuses a string holding U+0000 anywhere in the parameters, naming its field. PostgreSQL cannot
 * store or compare one (its text type has no NUL: the query fails, which the client would see as
 * InternalError.DBError), and no name, number or value of this API has a use for it.
 */
function requireNoNul(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (!value.includes('\u0000')) return;
    const name = path || 'request body';
    throw new Failure(ErrorCode.InvalidParameterValue, {
      en: `The value of \`${name}\` is invalid: it contains the NUL character (U+0000).`,
      zh: `参数 \`${name}\` 的取值无效：含有 NUL 字符（U+0000）。`,
    });
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) requireNoNul(value[i], path ? `${path}.${i}` : String(i));
    return;
  }
  for (const key in value) {
    requireNoNul((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
  }
}
