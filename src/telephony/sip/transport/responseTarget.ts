/**
 * Where a server sends its responses (RFC 3261 §18.2.2, RFC 3581), and the `received`/`rport`
 * stamp a server puts on a request's top Via when it arrives (§18.2.1), which that rule then reads.
 */
import { isIP } from 'node:net';
import { formatVia, parseVia } from '../message/via.ts';
import type { SipTarget } from './sipTransport.ts';

/** The top Via stamped with where the request really came from. */
export function stampReceived(topVia: string, source: SipTarget): string {
  const via = parseVia(topVia);
  const params = new Map(via.params);
  const wantsRport = params.has('rport') && params.get('rport') === null;
  // RFC 3581 §4: with rport, `received` is added even when it equals the sent-by host.
  if (via.host !== source.host || wantsRport) params.set('received', source.host);
  if (wantsRport) params.set('rport', String(source.port));
  return formatVia({ ...via, params });
}

/**
 * Over TCP, back on the connection the request came in on; over UDP to `received` (else the
 * sent-by host) and to `rport` (else the sent-by port, else 5060).
 */
export function responseTarget(stampedTopVia: string, source: SipTarget): SipTarget {
  if (source.protocol === 'tcp') return source;
  const via = parseVia(stampedTopVia);
  const received = via.params.get('received') ?? undefined;
  const rport = via.params.get('rport');
  const host = received ?? (isIP(via.host) ? via.host : source.host);
  const port = rport ? Number(rport) : (via.port ?? 5060);
  return { protocol: 'udp', host, port };
}
