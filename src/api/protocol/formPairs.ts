import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';

export type FormPair = readonly [name: string, value: string];

/**
 * Decodes a query string or `application/x-www-form-urlencoded` body into name/value pairs in the
 * order sent. URLSearchParams follows the WHATWG rules: `+` is a space (Python's SDK encodes spaces
 * so), and a malformed `%` escape is kept literally instead of throwing, so garbage cannot turn
 * into anything but a later, well-named refusal.
 */
export function formPairs(raw: string): FormPair[] {
  return [...new URLSearchParams(raw)];
}

/**
 * The pairs as a record. A repeated name is refused: the SDKs never send one, and accepting it
 * would make "which value counts" differ between the signature and the handler. The record has
 * no prototype, so a name such as `__proto__` is just a key.
 */
export function uniquePairs(pairs: readonly FormPair[], where: 'query' | 'body'): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const [name, value] of pairs) {
    if (Object.hasOwn(record, name)) {
      throw new Failure(ErrorCode.InvalidParameter, {
        en: `Parameter \`${name}\` appears more than once in the ${where}.`,
        zh: `参数 \`${name}\` 在${where === 'query' ? '查询字符串' : '请求体'}中出现了多次。`,
      });
    }
    record[name] = value;
  }
  return record;
}
