import { formPairs } from './formPairs.ts';
import type { IncomingRequest } from './incomingRequest.ts';
import { mediaType, requestQuery } from './incomingRequest.ts';

export type Language = 'en-US' | 'zh-CN';

/**
 * The language of error messages. Anything but `zh-CN` means English: Tencent documents only these
 * two, and an unknown value must not itself become an error, or the client could not read why.
 */
export function toLanguage(value: string | undefined): Language {
  return value === 'zh-CN' ? 'zh-CN' : 'en-US';
}

/**
 * Best-effort language of a request that may not parse at all, so that the refusal of a malformed
 * request is still in the language the client asked for. Never throws.
 */
export function requestLanguage(req: IncomingRequest): Language {
  const header = req.headers['x-tc-language'];
  if (header !== undefined) return toLanguage(header);
  const source =
    req.method.toUpperCase() === 'POST' && mediaType(req) === 'application/x-www-form-urlencoded'
      ? req.body
      : requestQuery(req);
  for (const [name, value] of formPairs(source)) {
    if (name === 'Language') return toLanguage(value);
  }
  return 'en-US';
}
