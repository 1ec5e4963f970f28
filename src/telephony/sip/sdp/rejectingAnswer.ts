/**
 * An answer that declines every stream of an offer (port 0, RFC 3264 §6): what the dialer puts in
 * the ACK of an agent's or IVR's 2xx when there is no longer a callee to connect it to. A 2xx with
 * an offer must be acknowledged with an answer before the leg can be hung up.
 */
import type { SessionOrigin } from './sessionOrigin.ts';

export function rejectingAnswer(offer: Buffer, origin: SessionOrigin, host: string): Buffer {
  const family = host.includes(':') ? 'IP6' : 'IP4';
  const media = offer
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('m='))
    .map((line) => {
      const [kind, , proto, ...formats] = line.slice(2).split(' ');
      return `m=${kind} 0 ${proto} ${formats.join(' ') || '0'}`;
    });
  return Buffer.from(
    ['v=0', origin.next(), 's=ccc-dialer', `c=IN ${family} ${host}`, 't=0 0', ...media, ''].join('\r\n'),
    'utf8',
  );
}
