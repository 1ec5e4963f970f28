import { describe, expect, it } from 'vitest';
import { Dialog, dialogKeyOfRequest } from '../../../../src/telephony/sip/dialog/dialog.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import {
  getHeader,
  getHeaders,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';

const parse = (lines: string[]) => parseSipMessage(Buffer.from([...lines, '', ''].join('\r\n')));

const INVITE = parse([
  'INVITE sip:+100@trunk.test SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKa',
  'From: <sip:+200@trunk.test>;tag=ours',
  'To: <sip:+100@trunk.test>',
  'Call-ID: call-1',
  'CSeq: 1 INVITE',
]) as SipRequest;

function ok(recordRoute: string[]): SipResponse {
  return parse([
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKa',
    ...recordRoute.map((r) => `Record-Route: ${r}`),
    'From: <sip:+200@trunk.test>;tag=ours',
    'To: <sip:+100@trunk.test>;tag=theirs',
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    'Contact: <sip:callee@10.0.0.9:5070>',
  ]) as SipResponse;
}

describe('Dialog', () => {
  it('builds in-dialog requests with tags, rising CSeq, and the reversed Record-Route as Route', () => {
    const dialog = Dialog.fromUacResponse(
      INVITE,
      ok(['<sip:p2.test;lr>', '<sip:p1.test;lr>']),
      'sip:127.0.0.1:5060',
    );
    const bye = dialog.createRequest('BYE');
    expect(bye.uri).toBe('sip:callee@10.0.0.9:5070');
    expect(getHeader(bye, 'from')).toBe('<sip:+200@trunk.test>;tag=ours');
    expect(getHeader(bye, 'to')).toBe('<sip:+100@trunk.test>;tag=theirs');
    expect(getHeader(bye, 'cseq')).toBe('2 BYE');
    expect(getHeaders(bye, 'route')).toEqual(['<sip:p1.test;lr>', '<sip:p2.test;lr>']);
    expect(dialog.nextHopUri()).toBe('sip:p1.test;lr');
    const reinvite = dialog.createRequest('INVITE', { body: Buffer.from('v=0\r\n') });
    expect(getHeader(reinvite, 'cseq')).toBe('3 INVITE');
    expect(getHeader(reinvite, 'contact')).toBe('<sip:127.0.0.1:5060>');
    expect(getHeader(reinvite, 'content-type')).toBe('application/sdp');
    expect(getHeader(dialog.createAck(3), 'cseq')).toBe('3 ACK');
  });

  it('addresses a strict router (no lr) itself and appends the remote target as the last route', () => {
    const dialog = Dialog.fromUacResponse(INVITE, ok(['<sip:strict.test>']), 'sip:127.0.0.1:5060');
    const bye = dialog.createRequest('BYE');
    expect(bye.uri).toBe('sip:strict.test');
    expect(getHeaders(bye, 'route')).toEqual(['<sip:callee@10.0.0.9:5070>']);
  });

  it('refuses an out-of-order request from the far end, and finds the dialog of a request', () => {
    const dialog = Dialog.fromUacResponse(INVITE, ok([]), 'sip:127.0.0.1:5060');
    const request = (seq: number) =>
      parse([
        'BYE sip:127.0.0.1:5060 SIP/2.0',
        `Via: SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKb${seq}`,
        'From: <sip:+100@trunk.test>;tag=theirs',
        'To: <sip:+200@trunk.test>;tag=ours',
        'Call-ID: call-1',
        `CSeq: ${seq} BYE`,
      ]) as SipRequest;
    expect(dialog.acceptRemoteSeq(request(5))).toBe(true);
    expect(dialog.acceptRemoteSeq(request(4))).toBe(false);
    expect(dialogKeyOfRequest(request(6))).toBe(dialog.key);
  });
});
