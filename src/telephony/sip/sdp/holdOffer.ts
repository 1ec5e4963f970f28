/**
 * The offer the dialer sends the callee before any agent is known: one audio stream, inactive
 * (RFC 3264 §8.4), on the discard port of the dialer's own address. The callee's answer tells us
 * nothing we use; what matters is that the call can be answered by every trunk (an INVITE without
 * an offer is refused by many) while no media flows until an agent's phone supplies a real one.
 */
import type { SessionOrigin } from './sessionOrigin.ts';

export function holdOffer(origin: SessionOrigin, host: string): Buffer {
  const family = host.includes(':') ? 'IP6' : 'IP4';
  return Buffer.from(
    [
      'v=0',
      origin.next(),
      's=ccc-dialer',
      `c=IN ${family} ${host}`,
      't=0 0',
      'm=audio 9 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=inactive',
      '',
    ].join('\r\n'),
    'utf8',
  );
}
