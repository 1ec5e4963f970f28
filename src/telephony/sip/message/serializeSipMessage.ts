/**
 * Serializes a SIP message to bytes, with header names in their usual capitalisation and a
 * Content-Length that always counts the body's bytes (whatever the caller put there).
 */
import type { SipMessage } from './sipMessage.ts';

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'p-asserted-identity': 'P-Asserted-Identity',
  'p-preferred-identity': 'P-Preferred-Identity',
  'mime-version': 'MIME-Version',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
  'user-to-user': 'User-to-User',
  'x-ccc-session-id': 'X-CCC-Session-Id',
};

export function displayHeaderName(name: string): string {
  return (
    DISPLAY_NAMES[name] ??
    name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
  );
}

export function serializeSipMessage(message: SipMessage): Buffer {
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  let head = `${startLine}\r\n`;
  for (const h of message.headers) {
    if (h.name === 'content-length') continue;
    head += `${displayHeaderName(h.name)}: ${h.value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  return message.body.length === 0
    ? Buffer.from(head, 'utf8')
    : Buffer.concat([Buffer.from(head, 'utf8'), message.body]);
}
