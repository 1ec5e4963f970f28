import { hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 32;

/**
 * An HMAC-SHA256 key made ready once (RFC 2104: its inner and outer pads), so that each MAC costs
 * two one-shot SHA-256 hashes and no objects: `createHmac` builds a stream object and has OpenSSL
 * set the key up again at every call, ~9 µs of a request in the server against ~4 µs this way.
 */
export class HmacSha256Key {
  readonly #innerPad = Buffer.alloc(BLOCK, 0x36);
  readonly #outer = Buffer.alloc(BLOCK + DIGEST, 0x5c);
  /** Inner pad followed by the message; grown for a longer message, reused otherwise. */
  #inner = Buffer.alloc(BLOCK + 256);

  constructor(key: Buffer) {
    const block = key.length > BLOCK ? hash('sha256', key, 'buffer') : key;
    for (let i = 0; i < block.length; i++) {
      this.#innerPad[i]! ^= block[i]!;
      this.#outer[i]! ^= block[i]!;
    }
    this.#innerPad.copy(this.#inner);
  }

  /** HMAC-SHA256 of the UTF-8 text, in lower-case hex. */
  hex(text: string): string {
    const length = BLOCK + Buffer.byteLength(text, 'utf8');
    if (length > this.#inner.length) {
      this.#inner = Buffer.alloc(length);
      this.#innerPad.copy(this.#inner);
    }
    this.#inner.write(text, BLOCK, 'utf8');
    const innerDigest = hash('sha256', this.#inner.subarray(0, length), 'buffer');
    innerDigest.copy(this.#outer, BLOCK);
    return hash('sha256', this.#outer, 'hex');
  }
}
