import { describe, expect, it } from 'vitest';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import { serializeSipMessage } from '../../../../src/telephony/sip/message/serializeSipMessage.ts';
import { getHeader, getHeaders } from '../../../../src/telephony/sip/message/sipMessage.ts';
import { SipParseError } from '../../../../src/telephony/sip/message/sipParseError.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

const INVITE = [
  'INVITE sip:+8613800000001@127.0.0.2:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc;rport',
  'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKdef, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKghi',
  'Max-Forwards: 70',
  'f: "Dialer, Inc" <sip:+10001@127.0.0.1>;tag=111',
  'To: <sip:+8613800000001@127.0.0.2>',
  'i: call-1@127.0.0.1',
  'CSeq: 1 INVITE',
  'Subject: folded',
  '  across lines',
  'Content-Type: application/sdp',
  'l: 4',
  '',
  'v=0\r\nignored',
];

describe('parseSipMessage', () => {
  it('parses a request, expanding compact names, folding lines and splitting list headers', () => {
    const m = parseSipMessage(crlf(INVITE));
    expect(m.kind).toBe('request');
    if (m.kind !== 'request') return;
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:+8613800000001@127.0.0.2:5060');
    expect(getHeader(m, 'Call-ID')).toBe('call-1@127.0.0.1');
    expect(getHeader(m, 'from')).toBe('"Dialer, Inc" <sip:+10001@127.0.0.1>;tag=111');
    expect(getHeaders(m, 'via')).toHaveLength(3);
    expect(getHeader(m, 'subject')).toBe('folded across lines');
    // Content-Length 4 cuts the body short of the bytes that follow (RFC 3261 §18.3).
    expect(m.body.toString()).toBe('v=0\r');
  });

  it('parses a response', () => {
    const m = parseSipMessage(
      crlf([
        'SIP/2.0 486 Busy Here',
        'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc',
        'From: <sip:a@h>;tag=1',
        'To: <sip:b@h>;tag=2',
        'Call-ID: x',
        'CSeq: 1 INVITE',
        'Content-Length: 0',
        '',
        '',
      ]),
    );
    expect(m).toMatchObject({ kind: 'response', status: 486, reason: 'Busy Here' });
  });

  it('skips CRLF keep-alives before the start line', () => {
    const m = parseSipMessage(Buffer.concat([Buffer.from('\r\n\r\n'), crlf(INVITE)]));
    expect(m.kind).toBe('request');
  });

  it.each([
    ['a Content-Length beyond the bytes received', INVITE.map((l) => (l === 'l: 4' ? 'l: 400' : l))],
    ['a missing Call-ID', INVITE.filter((l) => !l.startsWith('i:'))],
    ['a missing Via', INVITE.filter((l) => !l.startsWith('Via') && !l.startsWith('v:'))],
    [
      'a CSeq method that is not the request method',
      INVITE.map((l) => (l === 'CSeq: 1 INVITE' ? 'CSeq: 1 BYE' : l)),
    ],
    ['a garbled start line', ['INVITE sip:x SIP/3.0', ...INVITE.slice(1)]],
    ['a header line without a colon', INVITE.map((l) => (l === 'Max-Forwards: 70' ? 'Max-Forwards 70' : l))],
    ['no empty line after the headers', INVITE.slice(0, 5)],
  ])('rejects %s', (_, lines) => {
    expect(() => parseSipMessage(crlf(lines))).toThrow(SipParseError);
  });

  it('round-trips through the serializer, with Content-Length counting bytes', () => {
    const body = Buffer.from('s=Ünïcode\r\n', 'utf8');
    const original = parseSipMessage(crlf(INVITE));
    const bytes = serializeSipMessage({ ...original, body });
    const again = parseSipMessage(bytes);
    expect(getHeader(again, 'content-length')).toBe(String(body.length));
    expect(again.body.equals(body)).toBe(true);
    expect(bytes.toString()).toContain('Call-ID: call-1@127.0.0.1\r\n');
    expect(bytes.toString()).toContain('CSeq: 1 INVITE\r\n');
  });
});
