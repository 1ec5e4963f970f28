/**
 * Where a server sends its responses (RFC 3261 §18.2.2, RFC 3581), and the `received`/`rport`
 * stamp a server puts on a request's top Via when it arrives (§18.2.1), which that rule then reads.
 */
import { isIP } from 'node:net';
import { formatVia, parseVia, type Via } from '../message/via.ts';
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
 *
 * The Via is the peer's text: a port no socket can send to (`rport=abc`, 0, 70000) would make the
 * send throw, so such a request is answered where its packet came from, which §18.2.2 and RFC 3581
 * accept as the address the peer listens on.
 */
export function responseTarget(stampedTopVia: string, source: SipTarget): SipTarget {
  if (source.protocol === 'tcp') return source;
  const via = parseVia(stampedTopVia);
  const port = viaPort(via);
  if (port === undefined) return { protocol: 'udp', host: source.host, port: source.port };
  const received = via.params.get('received');
  const host = received && isIP(received) ? received : isIP(via.host) ? via.host : source.host;
  return { protocol: 'udp', host, port };
}

/** The port a Via asks responses to go to, or undefined when what it names is no port. */
function viaPort(via: Via): number | undefined {
  const rport = via.params.get('rport');
  if (rport) return validPort(rport);
  return validPort(String(via.port ?? 5060));
}

function validPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
