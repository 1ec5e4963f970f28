/** SIP over UDP (RFC 3261 §18): one socket bound to the listen address, one datagram per message. */
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { parseSipMessage } from '../message/parseSipMessage.ts';
import { serializeSipMessage } from '../message/serializeSipMessage.ts';
import type { SipMessage } from '../message/sipMessage.ts';
import type { SipTarget, SipTransport, TransportEvents } from './sipTransport.ts';

export async function openUdpTransport(
  host: string,
  port: number,
  events: TransportEvents,
): Promise<SipTransport> {
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  socket.on('message', (data, rinfo) => {
    const source: SipTarget = { protocol: 'udp', host: rinfo.address, port: rinfo.port };
    let message: SipMessage;
    try {
      message = parseSipMessage(data);
    } catch (error) {
      events.malformed(source, error as Error);
      return;
    }
    events.message({ message, source });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // Bursts of retransmissions at a high call rate overflow the default receive buffer.
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
    socket.setSendBufferSize(4 * 1024 * 1024);
  } catch {
    // The system may cap buffer sizes; the defaults still work at moderate rates.
  }
  socket.on('error', () => {
    // An unconnected UDP socket reports nothing useful per datagram; retransmission timers cover loss.
  });
  const address = socket.address();
  return {
    protocol: 'udp',
    reliable: false,
    local: { host: address.address, port: address.port },
    send(message, target) {
      socket.send(serializeSipMessage(message), target.port, target.host, (error) => {
        if (error) events.sendFailed(target, error);
      });
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
