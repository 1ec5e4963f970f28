/**
 * SIP and SIPS URIs (RFC 3261 §19.1): `sip:user:password@host:port;uri-params?headers`.
 * The user part is kept escaped as sent (a mail address as user is `alice%40example.com`); `user`
 * reads it unescaped. IPv6 hosts keep their brackets.
 */
import { formatHeaderParams, parseHeaderParams } from './headerParams.ts';
import { SipParseError } from './sipParseError.ts';

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** Escaped, as in the URI; undefined when the URI has no user part. */
  readonly userPart: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: ReadonlyMap<string, string | null>;
  /** `?name=value&…`, kept verbatim without the `?`. */
  readonly headers: string | undefined;
}

const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(?::(\d{1,5}))?$/;

export function parseSipUri(text: string): SipUri {
  const colon = text.indexOf(':');
  const scheme = text.slice(0, colon).toLowerCase();
  if (colon < 0 || (scheme !== 'sip' && scheme !== 'sips')) throw new SipParseError(`not a SIP URI: ${text}`);
  let rest = text.slice(colon + 1);
  let headers: string | undefined;
  const question = rest.indexOf('?');
  if (question >= 0) {
    headers = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  // The user part may contain ';' (user-unreserved), so find it by the last '@' before any param.
  const at = rest.lastIndexOf('@');
  let userPart: string | undefined;
  if (at >= 0) {
    userPart = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (userPart.length === 0) throw new SipParseError(`empty user part in ${text}`);
  }
  const semicolon = rest.indexOf(';');
  const hostPort = semicolon >= 0 ? rest.slice(0, semicolon) : rest;
  const params = parseHeaderParams(semicolon >= 0 ? rest.slice(semicolon) : '');
  const match = HOST.exec(hostPort);
  if (!match) throw new SipParseError(`bad host in SIP URI ${text}`);
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) throw new SipParseError(`bad port in SIP URI ${text}`);
  return { scheme, userPart, host: (match[1] ?? '').toLowerCase(), port, params, headers };
}

export function formatSipUri(uri: SipUri): string {
  const user = uri.userPart === undefined ? '' : `${uri.userPart}@`;
  const port = uri.port === undefined ? '' : `:${uri.port}`;
  const headers = uri.headers === undefined ? '' : `?${uri.headers}`;
  return `${uri.scheme}:${user}${uri.host}${port}${formatHeaderParams(uri.params)}${headers}`;
}

/** The user part unescaped (`alice%40example.com` → `alice@example.com`). */
export function uriUser(uri: SipUri): string | undefined {
  if (uri.userPart === undefined) return undefined;
  // The password, if any, is not part of the user.
  const user = uri.userPart.split(':')[0] ?? '';
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/** Escapes a user part: phone numbers pass unchanged, a mail's `@` becomes `%40`. */
export function escapeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** The transport a URI asks for (`;transport=tcp`), if it names one. */
export function uriTransport(uri: SipUri): 'udp' | 'tcp' | undefined {
  const t = uri.params.get('transport')?.toLowerCase();
  return t === 'udp' || t === 'tcp' ? t : undefined;
}
