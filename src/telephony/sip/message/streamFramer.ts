/**
 * Cuts SIP messages out of a byte stream (TCP). Over a stream Content-Length is mandatory
 * (RFC 3261 §18.3), so a frame is the header block up to the empty line plus exactly that many body
 * bytes. CRLF keep-alives between messages are skipped. A frame that cannot be delimited (no
 * Content-Length) or is too large to be one the dialer handles makes the framer throw, and the
 * transport closes the connection.
 */
import { SipParseError } from './sipParseError.ts';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$/im;
/** A header block larger than this is not a SIP message we want. */
const MAX_HEADER_BYTES = 64 * 1024;
/**
 * The same bound for the body. The bodies the dialer reads (SDP, DTMF in INFO, REGISTER has none)
 * are a few KiB, and no SIP message over UDP can exceed 64 KiB anyway, so a peer declaring more is
 * not talking to us in good faith; refusing it up front, before buffering a byte of body, caps what
 * one connection can make us hold at about 128 KiB.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export class StreamFramer {
  /** Received bytes not yet framed are `storage[start, end)`; the rest is room to append. */
  private storage: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** How many pending bytes were already searched for the empty line, so no byte is searched twice. */
  private searched = 0;
  /** The length of the frame at the head, once its header block is known. */
  private frameLength: number | undefined;

  /** Adds received bytes; returns the complete frames they finish, in order. */
  push(chunk: Buffer): Buffer[] {
    this.append(chunk);
    const frames: Buffer[] = [];
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) frames.push(frame);
    return frames;
  }

  private nextFrame(): Buffer | undefined {
    if (this.frameLength === undefined) {
      this.skipKeepAlives();
      this.frameLength = this.headFrameLength();
      if (this.frameLength === undefined) return undefined;
    }
    if (this.end - this.start < this.frameLength) return undefined;
    const frame = Buffer.from(this.storage.subarray(this.start, this.start + this.frameLength));
    this.start += this.frameLength;
    this.frameLength = undefined;
    this.searched = 0;
    return frame;
  }

  private skipKeepAlives(): void {
    let skipped = 0;
    while (
      this.start + 1 < this.end &&
      this.storage[this.start] === 0x0d &&
      this.storage[this.start + 1] === 0x0a
    ) {
      this.start += 2;
      skipped += 2;
    }
    this.searched = Math.max(0, this.searched - skipped);
  }

  /** The length of the frame at the head, or undefined while its header block is incomplete. */
  private headFrameLength(): number | undefined {
    const pending = this.storage.subarray(this.start, this.end);
    // The empty line may straddle the previous search's end: back up by its length less one.
    const headerEnd = pending.indexOf(HEADER_END, Math.max(0, this.searched - (HEADER_END.length - 1)));
    if (headerEnd < 0) {
      this.searched = pending.length;
      if (pending.length > MAX_HEADER_BYTES) throw new SipParseError('header block too large');
      return undefined;
    }
    const match = CONTENT_LENGTH.exec(pending.toString('utf8', 0, headerEnd));
    if (!match) throw new SipParseError('a message on a stream must carry Content-Length');
    const bodyLength = Number(match[1]);
    if (bodyLength > MAX_BODY_BYTES) throw new SipParseError(`Content-Length ${match[1]} too large`);
    return headerEnd + HEADER_END.length + bodyLength;
  }

  /**
   * Copies the chunk behind the pending bytes. The storage at least doubles when it grows and is
   * compacted only when the pending bytes fill at most half of it, so each received byte is copied
   * a bounded number of times however small the chunks (concatenating on every chunk was quadratic).
   */
  private append(chunk: Buffer): void {
    const pending = this.end - this.start;
    const needed = pending + chunk.length;
    if (needed * 2 > this.storage.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed * 2, 4096));
      this.storage.copy(grown, 0, this.start, this.end);
      this.storage = grown;
      this.start = 0;
      this.end = pending;
    } else if (this.end + chunk.length > this.storage.length) {
      this.storage.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = pending;
    }
    chunk.copy(this.storage, this.end);
    this.end += chunk.length;
  }
}
