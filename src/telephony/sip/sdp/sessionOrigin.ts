/**
 * The `o=` line the dialer shows one leg (RFC 4566 §5.2, RFC 3264 §8). In third-party call control
 * the dialer relays to each leg descriptions written by other endpoints (the agent's phone, the
 * callee, the IVR), yet to that leg they must all look like one session from one origin whose
 * version rises by one with every new description (RFC 3725 §4.4, RFC 3264 §8). So each leg keeps
 * its own origin and every description relayed to it has its `o=` line rewritten.
 */
import { randomInt } from 'node:crypto';

export class SessionOrigin {
  private version = 0;
  private readonly sessionId = String(randomInt(1, 2 ** 47));

  constructor(private readonly host: string) {}

  /** The next `o=` line of this leg. */
  next(): string {
    this.version += 1;
    const family = this.host.includes(':') ? 'IP6' : 'IP4';
    return `o=ccc-dialer ${this.sessionId} ${this.version} IN ${family} ${this.host}`;
  }

  /** `sdp` with its `o=` line replaced by this leg's next one. */
  rewrite(sdp: Buffer): Buffer {
    const text = sdp.toString('utf8');
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split(eol);
    const index = lines.findIndex((l) => l.startsWith('o='));
    const origin = this.next();
    if (index >= 0) lines[index] = origin;
    else lines.splice(1, 0, origin);
    return Buffer.from(lines.join(eol), 'utf8');
  }
}
