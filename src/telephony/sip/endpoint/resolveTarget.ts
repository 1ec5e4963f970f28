/**
 * Where a request for a URI goes (RFC 3263, reduced to what a dialer with a configured trunk
 * needs): the transport the URI names (`;transport=tcp`) or the default, the URI's host — an IP
 * literal as is, a name through the system resolver (A/AAAA, no NAPTR/SRV: a trunk is configured
 * with its port) — and its port or 5060. `maddr` is honoured, as §19.1.1 asks.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { parseSipUri, uriTransport } from '../message/sipUri.ts';
import type { SipTarget, TransportProtocol } from '../transport/sipTransport.ts';

export async function resolveTarget(uri: string, defaultProtocol: TransportProtocol): Promise<SipTarget> {
  const { protocol, host, port } = targetParts(uri, defaultProtocol);
  return { protocol, host: isIP(host) ? host : (await lookup(host)).address, port };
}

/**
 * The target of a URI whose host is an IP literal, at once; undefined when it names a host that
 * needs the resolver. Lets an ACK leave in the same turn as the 2xx it answers, before anything
 * queued behind it (a BYE) can overtake it.
 */
export function literalTarget(uri: string, defaultProtocol: TransportProtocol): SipTarget | undefined {
  const target = targetParts(uri, defaultProtocol);
  return isIP(target.host) ? target : undefined;
}

function targetParts(uri: string, defaultProtocol: TransportProtocol): SipTarget {
  const parsed = parseSipUri(uri);
  const protocol = uriTransport(parsed) ?? defaultProtocol;
  let host = parsed.params.get('maddr') ?? parsed.host;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { protocol, host, port: parsed.port ?? 5060 };
}
