import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { checkJsonSource } from './jsonSourceRules.ts';
import { isForbiddenName, MAX_PARAM_DEPTH } from './paramNameRules.ts';

function refuse(en: string, zh: string): Failure {
  return new Failure(ErrorCode.InvalidParameter, { en, zh });
}

/**
 * The business parameters of a TC3 POST. An empty (or blank) body is `{}`: the SDKs send `{}` for
 * an action without parameters, but a hand-written client may send nothing. Beyond JSON syntax,
 * the body's shape (checkShape) and its text (checkJsonSource: repeated names, numbers JSON.parse
 * would round) are checked, so that what the handler reads is exactly what the client signed.
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
  checkShape(value);
  checkJsonSource(body);
  return value as Record<string, unknown>;
}

/**
 * JSON.parse makes `__proto__` an own key, harmless here but a trap for any later
 * `Object.assign`; and a deeply nested body would overflow recursive consumers. Walks with an
 * explicit stack so that the check itself cannot overflow.
 */
function checkShape(root: object): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: root, path: '', depth: 0 },
  ];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_PARAM_DEPTH) {
      throw refuse(
        `Parameter \`${path}\` is nested deeper than ${MAX_PARAM_DEPTH} levels.`,
        `参数 \`${path}\` 的嵌套超过 ${MAX_PARAM_DEPTH} 层。`,
      );
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (!Array.isArray(value) && isForbiddenName(key)) {
        throw refuse(
          `Parameter \`${childPath}\` uses a reserved name.`,
          `参数 \`${childPath}\` 使用了保留名称。`,
        );
      }
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}
