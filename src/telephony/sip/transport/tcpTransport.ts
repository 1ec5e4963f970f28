/**
 * SIP over TCP (RFC 3261 §18): a listening socket for peers that connect to us, and one connection
 * per peer address, reused in both directions. A response goes back on the connection its request
 * came in on (§18.2.2), which the map finds because it is keyed by the peer's address as seen on
 * that connection. Outgoing connections are bound to the listen host, so that a peer on loopback
 * sees the dialer's own address (127.0.0.1, not whichever 127.x the kernel picks).
 */
import net from 'node:net';
import { parseSipMessage } from '../message/parseSipMessage.ts';
import { serializeSipMessage } from '../message/serializeSipMessage.ts';
import type { SipMessage } from '../message/sipMessage.ts';
import { StreamFramer } from '../message/streamFramer.ts';
import { type SipTarget, type SipTransport, type TransportEvents, targetKey } from './sipTransport.ts';

export async function openTcpTransport(
  host: string,
  port: number,
  events: TransportEvents,
): Promise<SipTransport> {
  const connections = new Map<string, net.Socket>();

  const adopt = (socket: net.Socket, remote: SipTarget): void => {
    const key = targetKey(remote);
    connections.set(key, socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const framer = new StreamFramer();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = framer.push(chunk);
      } catch (error) {
        events.malformed(remote, error as Error);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        let message: SipMessage;
        try {
          message = parseSipMessage(frame);
        } catch (error) {
          events.malformed(remote, error as Error);
          continue;
        }
        events.message({ message, source: remote });
      }
    });
    socket.on('error', (error) => events.sendFailed(remote, error));
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
  };

  const server = net.createServer((socket) => {
    adopt(socket, { protocol: 'tcp', host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    protocol: 'tcp',
    reliable: true,
    local: { host: address.address, port: address.port },
    send(message, target) {
      const key = targetKey(target);
      let socket = connections.get(key);
      if (!socket || socket.destroyed) {
        socket = net.connect({ host: target.host, port: target.port, localAddress: address.address });
        adopt(socket, target);
      }
      socket.write(serializeSipMessage(message));
    },
    async close() {
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
