/**
 * A Via header value (RFC 3261 §20.42): `SIP/2.0/UDP host:port;branch=z9hG4bK…;rport;received=…`.
 * The branch identifies the transaction (§17.1.3, §17.2.3); sent-by, received and rport tell a
 * server where to send responses (§18.2.2, RFC 3581).
 */
import { formatHeaderParams, parseHeaderParams } from './headerParams.ts';
import type { SipHeader, SipMessage } from './sipMessage.ts';
import { SipParseError } from './sipParseError.ts';
import { splitHeaderList } from './splitHeaderList.ts';

export interface Via {
  /** Upper case: UDP, TCP, TLS … */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: ReadonlyMap<string, string | null>;
}

const VIA =
  /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(?:\s*:\s*(\d{1,5}))?\s*(;.*)?$/;

export function parseVia(text: string): Via {
  const match = VIA.exec(text.trim());
  if (!match) throw new SipParseError(`malformed Via ${JSON.stringify(text)}`);
  return {
    transport: (match[1] ?? '').toUpperCase(),
    host: (match[2] ?? '').toLowerCase(),
    port: match[3] === undefined ? undefined : Number(match[3]),
    params: parseHeaderParams(match[4] ?? ''),
  };
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `SIP/2.0/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}

export function branchOf(via: Via): string | undefined {
  return via.params.get('branch') ?? undefined;
}

/**
 * The message with one Via per header field, in order. A peer may put several Vias on one line
 * (`Via: a, b`, §7.3.1); the stack reads the top Via as the first field and echoes the fields in
 * responses, so splitting once on arrival keeps every later reader right.
 */
export function withOneViaPerField<M extends SipMessage>(message: M): M {
  if (!message.headers.some((h) => h.name === 'via' && h.value.includes(','))) return message;
  const headers: SipHeader[] = message.headers.flatMap((h) =>
    h.name === 'via' ? splitHeaderList(h.value).map((value) => ({ name: 'via', value })) : [h],
  );
  return { ...message, headers };
}
