/**
 * Parses one SIP message from bytes (RFC 3261 §7, §18.3): a datagram, or one frame that the stream
 * framer cut from a TCP connection.
 *
 * Strict where a sloppy parse would mislead the transaction layer: the start line must be exact
 * SIP/2.0, every header line must be `token: value` (continuation lines are folded in), the five
 * headers every message needs (Via, To, From, Call-ID, CSeq) must be there, and a request's CSeq
 * method must be its method. A Content-Length larger than the bytes received is an error; a smaller
 * one truncates the body (§18.3). Compact header names are expanded.
 */

import type { SipHeader, SipMessage } from './sipMessage.ts';
import { SipParseError } from './sipParseError.ts';

const COMPACT_NAMES: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
};

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) (.*)$/;
const REQUIRED = ['via', 'to', 'from', 'call-id', 'cseq'] as const;
const HEADER_END = Buffer.from('\r\n\r\n');

/** Expands a compact header name and lower-cases it. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT_NAMES[lower] ?? lower;
}

export function parseSipMessage(data: Buffer): SipMessage {
  // A stream may carry CRLF keep-alives before a message (RFC 5626 §3.5.1, RFC 3261 §7.5).
  let start = 0;
  while (start + 1 < data.length && data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
  const headerEnd = data.indexOf(HEADER_END, start);
  if (headerEnd < 0) throw new SipParseError('no empty line after the headers');
  const lines = data.toString('utf8', start, headerEnd).split('\r\n');
  const startLine = lines[0] ?? '';

  const headers: SipHeader[] = [];
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i] ?? '';
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1] ?? '')) {
      i++;
      line += ` ${(lines[i] ?? '').trim()}`;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError(`malformed header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim();
    if (!TOKEN.test(name)) throw new SipParseError(`malformed header name ${JSON.stringify(name)}`);
    headers.push({ name: canonicalHeaderName(name), value: line.slice(colon + 1).trim() });
  }
  for (const required of REQUIRED) {
    if (!headers.some((h) => h.name === required)) throw new SipParseError(`missing ${required} header`);
  }

  const available = data.subarray(headerEnd + HEADER_END.length);
  const lengthHeader = headers.find((h) => h.name === 'content-length')?.value;
  let body = available;
  if (lengthHeader !== undefined) {
    if (!/^\d+$/.test(lengthHeader)) throw new SipParseError(`bad Content-Length ${lengthHeader}`);
    const length = Number(lengthHeader);
    if (length > available.length) {
      throw new SipParseError(`Content-Length ${length} exceeds the ${available.length} bytes received`);
    }
    body = available.subarray(0, length);
  }
  // Own the bytes: the datagram or stream buffer they came in is reused.
  body = Buffer.from(body);

  const cseq = headers.find((h) => h.name === 'cseq')?.value ?? '';
  const cseqMatch = /^(\d{1,10})\s+(\S+)$/.exec(cseq);
  if (!cseqMatch) throw new SipParseError(`malformed CSeq ${JSON.stringify(cseq)}`);

  const request = REQUEST_LINE.exec(startLine);
  if (request) {
    const method = request[1] ?? '';
    if (cseqMatch[2] !== method)
      throw new SipParseError(`CSeq method ${cseqMatch[2]} differs from ${method}`);
    return { kind: 'request', method, uri: request[2] ?? '', headers, body };
  }
  const status = STATUS_LINE.exec(startLine);
  if (status) {
    return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers, body };
  }
  throw new SipParseError(`malformed start line ${JSON.stringify(startLine)}`);
}
