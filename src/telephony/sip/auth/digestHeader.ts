/**
 * The Digest headers of RFC 3261 §22.4 / RFC 2617 §3.2: WWW-Authenticate and Proxy-Authenticate
 * (the challenge), Authorization and Proxy-Authorization (the credentials). Both are `Digest`
 * followed by comma-separated `name=value` pairs, values quoted or tokens.
 */
import { SipParseError } from '../message/sipParseError.ts';

export interface DigestParams {
  readonly scheme: string;
  /** Names in lower case; values unquoted. */
  readonly params: ReadonlyMap<string, string>;
}

export function parseDigestHeader(text: string): DigestParams {
  const value = text.trim();
  const space = value.search(/\s/);
  if (space <= 0) throw new SipParseError(`malformed authentication header ${JSON.stringify(text)}`);
  const scheme = value.slice(0, space);
  const params = new Map<string, string>();
  let i = space;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i] ?? '')) i++;
    if (i >= value.length) break;
    const eq = value.indexOf('=', i);
    if (eq < 0) throw new SipParseError(`malformed authentication parameter in ${JSON.stringify(text)}`);
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (value[i] === ' ' || value[i] === '\t') i++;
    let param = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\') i++;
        param += value[i] ?? '';
        i++;
      }
      if (value[i] !== '"') throw new SipParseError(`unterminated quoted string in ${JSON.stringify(text)}`);
      i++;
    } else {
      const end = value.indexOf(',', i);
      param = value.slice(i, end < 0 ? value.length : end).trim();
      i = end < 0 ? value.length : end;
    }
    params.set(name, param);
  }
  return { scheme, params };
}

/** Parameters that RFC 2617 sends as tokens, never quoted. */
const TOKEN_PARAMS = new Set(['algorithm', 'qop', 'nc', 'stale']);

export function formatDigestHeader(params: ReadonlyMap<string, string>, scheme = 'Digest'): string {
  const parts: string[] = [];
  for (const [name, value] of params) {
    parts.push(
      TOKEN_PARAMS.has(name) ? `${name}=${value}` : `${name}="${value.replace(/(["\\])/g, '\\$1')}"`,
    );
  }
  return `${scheme} ${parts.join(', ')}`;
}
