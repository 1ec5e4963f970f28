import { describe, expect, it } from 'vitest';
import { parseCSeq } from '../../../../src/telephony/sip/message/cseq.ts';
import { formatNameAddr, parseNameAddr, tagOf } from '../../../../src/telephony/sip/message/nameAddr.ts';
import { SipParseError } from '../../../../src/telephony/sip/message/sipParseError.ts';
import {
  escapeUser,
  formatSipUri,
  parseSipUri,
  uriTransport,
  uriUser,
} from '../../../../src/telephony/sip/message/sipUri.ts';
import { splitHeaderList } from '../../../../src/telephony/sip/message/splitHeaderList.ts';
import { branchOf, formatVia, parseVia } from '../../../../src/telephony/sip/message/via.ts';

describe('SIP URI', () => {
  it('parses user, host, port, params and headers', () => {
    const uri = parseSipUri('sip:alice%40example.com@127.0.0.3:5070;transport=TCP;lr?subject=x');
    expect(uri).toMatchObject({
      scheme: 'sip',
      userPart: 'alice%40example.com',
      host: '127.0.0.3',
      port: 5070,
    });
    expect(uriUser(uri)).toBe('alice@example.com');
    expect(uriTransport(uri)).toBe('tcp');
    expect(uri.params.has('lr')).toBe(true);
    expect(formatSipUri(uri)).toBe('sip:alice%40example.com@127.0.0.3:5070;transport=TCP;lr?subject=x');
  });

  it('parses IPv6 hosts and URIs without a user', () => {
    expect(parseSipUri('sip:[::1]:5060')).toMatchObject({ host: '[::1]', port: 5060, userPart: undefined });
  });

  it.each(['tel:+123', 'sip:', 'sip:a@', 'sip:a@host:99999', 'sip:@host'])('rejects %s', (text) => {
    expect(() => parseSipUri(text)).toThrow(SipParseError);
  });

  it('escapes a mail address as a user part', () => {
    expect(escapeUser('alice@example.com')).toBe('alice%40example.com');
    expect(escapeUser('+8613800000001')).toBe('+8613800000001');
  });
});

describe('name-addr', () => {
  it('gives parameters after a bare addr-spec to the header, not the URI', () => {
    const a = parseNameAddr('sip:bob@h;tag=42');
    expect(a.uri).toBe('sip:bob@h');
    expect(tagOf(a)).toBe('42');
  });

  it('keeps URI parameters inside the brackets and unquotes the display name', () => {
    const a = parseNameAddr('"Smith, \\"J\\"" <sip:j@h;transport=tcp>;tag=7;expires=60');
    expect(a).toMatchObject({ displayName: 'Smith, "J"', uri: 'sip:j@h;transport=tcp' });
    expect(a.params.get('expires')).toBe('60');
    expect(formatNameAddr(a)).toBe('"Smith, \\"J\\"" <sip:j@h;transport=tcp>;tag=7;expires=60');
  });

  it('splits lists at top-level commas only', () => {
    expect(splitHeaderList('"a, b" <sip:x@h>, <sip:y@h;p=1,2>,sip:z@h')).toEqual([
      '"a, b" <sip:x@h>',
      '<sip:y@h;p=1,2>',
      'sip:z@h',
    ]);
  });
});

describe('Via and CSeq', () => {
  it('parses a Via with rport and branch', () => {
    const via = parseVia('SIP/2.0/udp 127.0.0.1:5060;branch=z9hG4bKx;rport');
    expect(via).toMatchObject({ transport: 'UDP', host: '127.0.0.1', port: 5060 });
    expect(branchOf(via)).toBe('z9hG4bKx');
    expect(via.params.get('rport')).toBeNull();
    expect(formatVia(via)).toBe('SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx;rport');
  });

  it('rejects a CSeq out of range', () => {
    expect(parseCSeq('2147483647 INVITE')).toEqual({ seq: 2147483647, method: 'INVITE' });
    expect(() => parseCSeq('2147483648 INVITE')).toThrow(SipParseError);
  });
});
