/**
 * Cuts SIP messages out of a byte stream (TCP). Over a stream Content-Length is mandatory
 * (RFC 3261 §18.3), so a frame is the header block up to the empty line plus exactly that many body
 * bytes. CRLF keep-alives between messages are skipped. A frame without Content-Length cannot be
 * delimited: the framer throws, and the transport closes the connection.
 */
import { SipParseError } from './sipParseError.ts';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$/im;
/** A header block larger than this is not a SIP message we want. */
const MAX_HEADER_BYTES = 64 * 1024;

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds received bytes; returns the complete frames they finish, in order. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let start = 0;
      while (
        start + 1 < this.buffer.length &&
        this.buffer[start] === 0x0d &&
        this.buffer[start + 1] === 0x0a
      ) {
        start += 2;
      }
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) throw new SipParseError('header block too large');
        return frames;
      }
      const match = CONTENT_LENGTH.exec(this.buffer.toString('utf8', 0, headerEnd));
      if (!match) throw new SipParseError('a message on a stream must carry Content-Length');
      const total = headerEnd + HEADER_END.length + Number(match[1]);
      if (this.buffer.length < total) return frames;
      frames.push(Buffer.from(this.buffer.subarray(0, total)));
      this.buffer = this.buffer.subarray(total);
    }
  }
}
