import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { isForbiddenName, MAX_PARAM_DEPTH } from './paramNameRules.ts';

function refuse(path: string, en: string, zh: string, code: ErrorCode = ErrorCode.InvalidParameter): Failure {
  const name = path === '' ? 'the request body' : `\`${path}\``;
  return new Failure(code, {
    en: `Parameter ${name} ${en}.`,
    zh: `参数 ${path === '' ? '请求体' : name} ${zh}。`,
  });
}

/** An object or array the scan is inside, with the member it is at. */
type Frame =
  | { readonly kind: 'object'; readonly keys: Set<string>; key: string; expectKey: boolean }
  | { readonly kind: 'array'; index: number };

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_PARTS = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** The dotted name of the member the scan is at (`CalleeAttributes.0.Variables`): for refusals only. */
function pathOf(frames: readonly Frame[]): string {
  return frames.map((frame) => (frame.kind === 'object' ? frame.key : String(frame.index))).join('.');
}

/**
 * What JSON.parse hides or lets through, checked on the body's text in one pass:
 * - a name given twice in one object (JSON.parse keeps the last silently, where a proxy or a log
 *   may read the first);
 * - a number it had to round into an integer — `12345678901234567890`, `1e30`,
 *   `1400000008.99999999999` — which would turn an id into another one without a word;
 * - a reserved name (`__proto__`, which JSON.parse makes an own key, harmless here but a trap for
 *   any later `Object.assign`), and nesting deeper than MAX_PARAM_DEPTH, which would overflow
 *   recursive consumers.
 * Each is refused naming the field: an integer beyond ±(2^53 − 1) is InvalidParameterValue (a
 * number, out of range), the rest InvalidParameter (the wrong form). Floats that are not integers
 * are left alone: a fraction is approximate by nature and no field compares one for identity.
 *
 * `source` must already have parsed as JSON. Iterative, so no nesting can overflow the stack;
 * strings skipped with indexOf; a field's name is spelled out only to refuse it.
 */
export function checkJsonSource(source: string): void {
  const frames: Frame[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (frames.length >= MAX_PARAM_DEPTH) {
          throw refuse(
            pathOf(frames),
            `is nested deeper than ${MAX_PARAM_DEPTH} levels`,
            `的嵌套超过 ${MAX_PARAM_DEPTH} 层`,
          );
        }
        frames.push(
          c === 0x7b
            ? { kind: 'object', keys: new Set(), key: '', expectKey: true }
            : { kind: 'array', index: 0 },
        );
        i++;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        frames.pop();
        i++;
        break;
      case 0x2c: {
        // ,
        const top = frames[frames.length - 1];
        if (top?.kind === 'object') top.expectKey = true;
        else if (top?.kind === 'array') top.index++;
        i++;
        break;
      }
      case 0x22: {
        // "
        const end = stringEnd(source, i);
        const top = frames[frames.length - 1];
        if (top?.kind === 'object' && top.expectKey) {
          const raw = source.slice(i + 1, end);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          top.expectKey = false;
          top.key = key;
          if (isForbiddenName(key)) throw refuse(pathOf(frames), 'uses a reserved name', '使用了保留名称');
          if (top.keys.has(key)) throw refuse(pathOf(frames), 'appears more than once', '出现了多次');
          top.keys.add(key);
        }
        i = end + 1;
        break;
      }
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          NUMBER_TOKEN.lastIndex = i;
          const token = NUMBER_TOKEN.exec(source)![0];
          checkNumber(token, frames);
          i += token.length;
        } else {
          // Whitespace, `:`, and the letters of true/false/null.
          i++;
        }
    }
  }
}

/** The index of the quote closing the string that opens at `start`. */
function stringEnd(source: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = source.indexOf('"', from);
    let backslashes = 0;
    while (source.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** Digits alone, as most numbers are: JSON allows no leading zero, so such a token is its own integer. */
const PLAIN_INTEGER = /^-?\d+$/;

/** `frames` locate the number's field, named only to refuse it. */
function checkNumber(token: string, frames: readonly Frame[]): void {
  const value = Number(token);
  if (Number.isSafeInteger(value) && token.length <= 17 && PLAIN_INTEGER.test(token)) return;
  const path = pathOf(frames);
  if (!Number.isInteger(value)) {
    if (Number.isFinite(value)) return;
    throw refuse(
      path,
      'is a number too large to represent',
      '的数值过大，无法表示',
      ErrorCode.InvalidParameterValue,
    );
  }
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  if (!Number.isSafeInteger(value)) {
    throw refuse(
      path,
      `is ${shown}, which cannot be represented exactly: integers must lie within ±${Number.MAX_SAFE_INTEGER}`,
      `为 ${shown}，无法精确表示：整数必须在 ±${Number.MAX_SAFE_INTEGER} 之内`,
      ErrorCode.InvalidParameterValue,
    );
  }
  if (!denotesExactly(token, value)) {
    throw refuse(
      path,
      `is ${shown}, which is not an integer but would be read as ${value}`,
      `为 ${shown}，不是整数，却会被读作 ${value}`,
    );
  }
}

/** Whether the decimal `token` is exactly the (safe) integer `value`, digit for digit. */
function denotesExactly(token: string, value: number): boolean {
  const [, whole = '', fraction = '', exponent = '0'] = NUMBER_PARTS.exec(token) ?? [];
  let digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return value === 0;
  let scale = Number(exponent) - fraction.length;
  const trimmed = digits.replace(/0+$/, '');
  scale += digits.length - trimmed.length;
  digits = trimmed;
  // A fraction left over, or more digits than a safe integer has: not this integer.
  if (scale < 0 || digits.length + scale > 16) return false;
  return BigInt(digits) * 10n ** BigInt(scale) === BigInt(Math.abs(value));
}
