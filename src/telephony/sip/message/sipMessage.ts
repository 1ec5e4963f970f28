/**
 * A SIP message (RFC 3261 §7) as the stack passes it around: the start line, the header fields in
 * the order they came, and the body as bytes (Content-Length counts bytes, not characters).
 *
 * Header names are kept in their long, lower-case form (compact forms are expanded when parsing), so
 * lookups never care how a peer spelt them. Values are kept as sent; the typed parsers (Via,
 * name-addr, CSeq) read them on demand, because most headers are only ever copied.
 */
import { splitHeaderList } from './splitHeaderList.ts';

export interface SipHeader {
  /** Long form, lower case: `call-id`, `via`, `content-length`. */
  readonly name: string;
  readonly value: string;
}

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

/** Headers whose values are comma-separated lists (RFC 3261 §7.3.1), split by `getHeaders`. */
const LIST_HEADERS = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'allow-events',
]);

/** The first value of a header, or undefined. Not split: `getHeaders` is for list headers. */
export function getHeader(message: SipMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find((h) => h.name === lower)?.value;
}

/** Every value of a header, in order; list headers are split at their top-level commas. */
export function getHeaders(message: SipMessage, name: string): string[] {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (const h of message.headers) {
    if (h.name !== lower) continue;
    if (LIST_HEADERS.has(lower)) values.push(...splitHeaderList(h.value));
    else values.push(h.value);
  }
  return values;
}

/** Like `getHeader`, but a missing header is a bug of the caller (the parser guarantees these). */
export function requireHeader(message: SipMessage, name: string): string {
  const value = getHeader(message, name);
  if (value === undefined) throw new Error(`SIP message lacks ${name}`);
  return value;
}

/** A copy of `headers` with every field named `name` removed, then `values` appended in its place. */
export function withHeader(headers: readonly SipHeader[], name: string, ...values: string[]): SipHeader[] {
  const lower = name.toLowerCase();
  const index = headers.findIndex((h) => h.name === lower);
  const kept = headers.filter((h) => h.name !== lower);
  const added = values.map((value) => ({ name: lower, value }));
  if (index < 0) return [...kept, ...added];
  kept.splice(index, 0, ...added);
  return kept;
}

/** The header's value list from a message, e.g. for copying Via or Record-Route into a response. */
export function headerFields(message: SipMessage, name: string): SipHeader[] {
  const lower = name.toLowerCase();
  return message.headers.filter((h) => h.name === lower);
}

export const EMPTY_BODY: Buffer = Buffer.alloc(0);
