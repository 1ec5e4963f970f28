import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { checkJsonSource } from './jsonSourceRules.ts';

function refuse(en: string, zh: string): Failure {
  return new Failure(ErrorCode.InvalidParameter, { en, zh });
}

/**
 * The business parameters of a TC3 POST. An empty (or blank) body is `{}`: the SDKs send `{}` for
 * an action without parameters, but a hand-written client may send nothing. Beyond JSON syntax,
 * the body's text is checked (checkJsonSource: repeated and reserved names, nesting, numbers
 * JSON.parse would round), so that what the handler reads is exactly what the client signed.
 */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw refuse('The request body is not valid JSON.', '请求体不是合法的 JSON。');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('The request body must be a JSON object.', '请求体必须是 JSON 对象。');
  }
  checkJsonSource(body);
  return value as Record<string, unknown>;
}
