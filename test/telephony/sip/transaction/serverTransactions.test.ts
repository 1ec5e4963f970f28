import { describe, expect, it } from 'vitest';
import { createResponse } from '../../../../src/telephony/sip/message/createResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import type {
  SipMessage,
  SipRequest,
  SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import { InviteServerTransaction } from '../../../../src/telephony/sip/transaction/inviteServerTransaction.ts';
import { NonInviteServerTransaction } from '../../../../src/telephony/sip/transaction/nonInviteServerTransaction.ts';
import { RFC3261_TIMERS } from '../../../../src/telephony/sip/transaction/timerValues.ts';
import { ManualClock } from '../support/manualClock.ts';

function request(method: string): SipRequest {
  return parseSipMessage(
    Buffer.from(
      [
        `${method} sip:dialer@127.0.0.1 SIP/2.0`,
        'Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKpeer',
        'From: <sip:x@127.0.0.2>;tag=p',
        'To: <sip:dialer@127.0.0.1>',
        'Call-ID: s1',
        `CSeq: 7 ${method}`,
        '',
        '',
      ].join('\r\n'),
    ),
  ) as SipRequest;
}

function harness(reliable = false) {
  const clock = new ManualClock();
  const sent: { at: number; message: SipMessage }[] = [];
  let terminatedAt: number | undefined;
  const context = {
    clock,
    timers: RFC3261_TIMERS,
    reliable,
    send: (message: SipMessage) => sent.push({ at: clock.now(), message }),
    terminated: () => {
      terminatedAt = clock.now();
    },
  };
  return { clock, sent, context, terminatedAt: () => terminatedAt };
}

describe('INVITE server transaction', () => {
  it('retransmits a failure on timer G until the ACK, then absorbs for timer I', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction(invite, h.context);
    tx.respond(createResponse(invite, 480, { toTag: 't' }));
    h.clock.advance(5_000);
    expect(h.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500]);
    tx.receive(request('ACK'));
    expect(tx.currentState).toBe('confirmed');
    h.clock.advance(5_000);
    expect(h.sent).toHaveLength(4);
    expect(h.terminatedAt()).toBe(10_000);
  });

  it('caps timer G at T2 and gives up on timer H without an ACK', () => {
    const h = harness();
    const invite = request('INVITE');
    let ackTimeout = false;
    const tx = new InviteServerTransaction(invite, h.context, { ackTimeout: () => (ackTimeout = true) });
    tx.respond(createResponse(invite, 486, { toTag: 't' }));
    h.clock.advance(32_000);
    const gaps = h.sent.slice(1).map((s, i) => s.at - h.sent[i]!.at);
    expect(Math.max(...gaps)).toBe(4_000);
    expect(ackTimeout).toBe(true);
    expect(tx.currentState).toBe('terminated');
  });

  it('answers a retransmitted INVITE with the last provisional', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteServerTransaction(invite, h.context);
    tx.respond(createResponse(invite, 180, { toTag: 't' }));
    tx.receive(invite);
    expect(h.sent.map((s) => (s.message as SipResponse).status)).toEqual([180, 180]);
  });
});

describe('non-INVITE server transaction', () => {
  it('answers retransmissions with the last response and ends after timer J', () => {
    const h = harness();
    const bye = request('BYE');
    const tx = new NonInviteServerTransaction(bye, h.context);
    tx.respond(createResponse(bye, 200));
    tx.receive(bye);
    expect(h.sent).toHaveLength(2);
    h.clock.advance(32_000);
    expect(h.terminatedAt()).toBe(32_000);
  });

  it('ends at once over TCP', () => {
    const h = harness(true);
    const bye = request('BYE');
    new NonInviteServerTransaction(bye, h.context).respond(createResponse(bye, 200));
    h.clock.advance(0);
    expect(h.terminatedAt()).toBe(0);
  });
});
