import { describe, expect, it } from 'vitest';
import { SipParseError } from '../../../../src/telephony/sip/message/sipParseError.ts';
import { MAX_BODY_BYTES, StreamFramer } from '../../../../src/telephony/sip/message/streamFramer.ts';

const message = (body: string): string =>
  `OPTIONS sip:a@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('StreamFramer', () => {
  it('cuts messages at Content-Length however the bytes arrive', () => {
    const stream = Buffer.from(`\r\n${message('hello')}${message('')}\r\n\r\n${message('ü')}`);
    for (const chunkSize of [1, 7, 64, stream.length]) {
      const framer = new StreamFramer();
      const frames: string[] = [];
      for (let i = 0; i < stream.length; i += chunkSize) {
        frames.push(...framer.push(stream.subarray(i, i + chunkSize)).map((f) => f.toString()));
      }
      expect(frames).toEqual([message('hello'), message(''), message('ü')]);
    }
  });

  it('refuses a message without Content-Length, which a stream cannot delimit', () => {
    const framer = new StreamFramer();
    expect(() => framer.push(Buffer.from('OPTIONS sip:a@h SIP/2.0\r\nVia: x\r\n\r\n'))).toThrow(
      SipParseError,
    );
  });

  it('refuses a declared body larger than any SIP message it serves, before buffering it', () => {
    const framer = new StreamFramer();
    const head = 'OPTIONS sip:a@h SIP/2.0\r\nContent-Length: 4000000000\r\n\r\n';
    expect(() => framer.push(Buffer.from(head))).toThrow(SipParseError);
  });

  it('still frames a body at the bound, arriving in small chunks', () => {
    const stream = Buffer.from(message('x'.repeat(MAX_BODY_BYTES)));
    const framer = new StreamFramer();
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 100) frames.push(...framer.push(stream.subarray(i, i + 100)));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.equals(stream)).toBe(true);
  });
});
