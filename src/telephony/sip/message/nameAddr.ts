/**
 * The value of From, To, Contact, Route and Record-Route (RFC 3261 §20.10, §25.1):
 * `"Display" <sip:uri;uri-param>;header-param` or a bare addr-spec `sip:uri;header-param`.
 * In the bare form, parameters after the URI belong to the header (the `tag`), not to the URI —
 * the usual trap this module exists to avoid.
 */
import { formatHeaderParams, parseHeaderParams } from './headerParams.ts';
import { SipParseError } from './sipParseError.ts';

export interface NameAddr {
  /** Without quotes; undefined when absent. */
  readonly displayName: string | undefined;
  /** The URI exactly as written between the angle brackets (or the bare addr-spec). */
  readonly uri: string;
  readonly params: ReadonlyMap<string, string | null>;
}

export function parseNameAddr(text: string): NameAddr {
  const value = text.trim();
  const open = findUnquoted(value, '<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    if (close < 0) throw new SipParseError(`unclosed < in ${JSON.stringify(text)}`);
    let display = value.slice(0, open).trim();
    if (display.startsWith('"') && display.endsWith('"') && display.length >= 2) {
      display = display.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    return {
      displayName: display.length > 0 ? display : undefined,
      uri: value.slice(open + 1, close).trim(),
      params: parseHeaderParams(value.slice(close + 1)),
    };
  }
  if (value === '*') return { displayName: undefined, uri: '*', params: new Map() };
  const semicolon = value.indexOf(';');
  const uri = semicolon >= 0 ? value.slice(0, semicolon) : value;
  if (uri.length === 0 || /[\s,"]/.test(uri)) throw new SipParseError(`bad address ${JSON.stringify(text)}`);
  return {
    displayName: undefined,
    uri,
    params: parseHeaderParams(semicolon >= 0 ? value.slice(semicolon) : ''),
  };
}

/** Always the bracketed form, which is never ambiguous. */
export function formatNameAddr(address: NameAddr): string {
  const display =
    address.displayName === undefined ? '' : `"${address.displayName.replace(/(["\\])/g, '\\$1')}" `;
  return `${display}<${address.uri}>${formatHeaderParams(address.params)}`;
}

/** A copy with one header parameter set (e.g. the To tag of a response). */
export function withParam(address: NameAddr, name: string, value: string | null): NameAddr {
  const params = new Map(address.params);
  params.set(name, value);
  return { ...address, params };
}

export function tagOf(address: NameAddr): string | undefined {
  return address.params.get('tag') ?? undefined;
}

function findUnquoted(text: string, char: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === char) return i;
  }
  return -1;
}
