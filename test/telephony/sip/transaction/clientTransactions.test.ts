import { describe, expect, it } from 'vitest';
import { createResponse } from '../../../../src/telephony/sip/message/createResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import {
  getHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import { InviteClientTransaction } from '../../../../src/telephony/sip/transaction/inviteClientTransaction.ts';
import { NonInviteClientTransaction } from '../../../../src/telephony/sip/transaction/nonInviteClientTransaction.ts';
import { RFC3261_TIMERS } from '../../../../src/telephony/sip/transaction/timerValues.ts';
import { ManualClock } from '../support/manualClock.ts';

function request(method: string): SipRequest {
  const m = parseSipMessage(
    Buffer.from(
      [
        `${method} sip:+100@127.0.0.2:5060 SIP/2.0`,
        'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKtest;rport',
        'Max-Forwards: 70',
        'From: <sip:+200@127.0.0.1>;tag=a',
        'To: <sip:+100@127.0.0.2>',
        'Call-ID: c1',
        `CSeq: 1 ${method}`,
        'Route: <sip:127.0.0.9;lr>',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    ),
  );
  return m as SipRequest;
}

function harness(reliable = false) {
  const clock = new ManualClock();
  const sent: { at: number; message: SipMessage }[] = [];
  const seen: (number | 'timeout' | 'transport')[] = [];
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
  const user = {
    response: (r: SipResponse) => seen.push(r.status),
    timeout: () => seen.push('timeout'),
    transportError: () => seen.push('transport'),
  };
  return { clock, sent, seen, context, user, terminatedAt: () => terminatedAt };
}

describe('INVITE client transaction', () => {
  it('retransmits on timer A (500 ms doubling) over UDP and times out on timer B at 32 s', () => {
    const h = harness();
    new InviteClientTransaction(request('INVITE'), h.context, h.user);
    h.clock.advance(32_000);
    expect(h.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(h.seen).toEqual(['timeout']);
    expect(h.terminatedAt()).toBe(32_000);
  });

  it('does not retransmit over TCP', () => {
    const h = harness(true);
    new InviteClientTransaction(request('INVITE'), h.context, h.user);
    h.clock.advance(40_000);
    expect(h.sent).toHaveLength(1);
    expect(h.seen).toEqual(['timeout']);
  });

  it('stops retransmitting and timer B on a provisional response', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, h.context, h.user);
    h.clock.advance(600);
    tx.receive(createResponse(invite, 180, { toTag: 'b' }));
    h.clock.advance(120_000);
    expect(h.sent).toHaveLength(2);
    expect(h.seen).toEqual([180]);
    expect(tx.currentState).toBe('proceeding');
  });

  it('ACKs a failure hop by hop on the INVITE branch, re-ACKs retransmissions, ends after timer D', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, h.context, h.user);
    const busy = createResponse(invite, 486, { toTag: 'b' });
    tx.receive(busy);
    tx.receive(busy);
    const acks = h.sent.slice(1).map((s) => s.message as SipRequest);
    expect(acks).toHaveLength(2);
    const ack = acks[0]!;
    expect(ack.method).toBe('ACK');
    expect(ack.uri).toBe(invite.uri);
    expect(getHeader(ack, 'via')).toBe(getHeader(invite, 'via'));
    expect(getHeader(ack, 'to')).toBe('<sip:+100@127.0.0.2>;tag=b');
    expect(getHeader(ack, 'cseq')).toBe('1 ACK');
    expect(getHeader(ack, 'route')).toBe('<sip:127.0.0.9;lr>');
    expect(h.seen).toEqual([486]);
    h.clock.advance(31_999);
    expect(h.terminatedAt()).toBeUndefined();
    h.clock.advance(1);
    expect(h.terminatedAt()).toBe(32_000);
  });

  it('leaves the 2xx ACK to the TU and passes it 2xx retransmissions until timer M', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, h.context, h.user);
    const ok = createResponse(invite, 200, { toTag: 'b' });
    tx.receive(ok);
    tx.receive(ok);
    expect(h.sent).toHaveLength(1);
    expect(h.seen).toEqual([200, 200]);
    expect(tx.currentState).toBe('accepted');
    h.clock.advance(32_000);
    expect(tx.currentState).toBe('terminated');
    tx.receive(ok);
    expect(h.seen).toEqual([200, 200]);
  });

  it('gives up 64×T1 after the TU cancels when Proceeding gets no final response (§9.1)', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, h.context, h.user);
    tx.receive(createResponse(invite, 180, { toTag: 'b' }));
    h.clock.advance(10_000);
    tx.giveUpAfterTimeout();
    h.clock.advance(20_000);
    tx.giveUpAfterTimeout(); // a second call must not push the deadline back
    h.clock.advance(11_999);
    expect(h.seen).toEqual([180]);
    expect(h.terminatedAt()).toBeUndefined();
    h.clock.advance(1);
    expect(h.seen).toEqual([180, 'timeout']);
    expect(h.terminatedAt()).toBe(42_000);
    // A late 2xx revives nothing: with the transaction gone it is the core's stray.
    tx.receive(createResponse(invite, 200, { toTag: 'b' }));
    expect(h.seen).toEqual([180, 'timeout']);
  });

  it('keeps a final response that beats the deadline', () => {
    const h = harness();
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, h.context, h.user);
    tx.receive(createResponse(invite, 180, { toTag: 'b' }));
    tx.giveUpAfterTimeout();
    h.clock.advance(1_000);
    tx.receive(createResponse(invite, 487, { toTag: 'b' }));
    h.clock.advance(120_000);
    expect(h.seen).toEqual([180, 487]);
    expect(h.terminatedAt()).toBe(33_000);
  });

  it('reports a transport error while calling', () => {
    const h = harness(true);
    const tx = new InviteClientTransaction(request('INVITE'), h.context, h.user);
    tx.transportError(new Error('ECONNREFUSED'));
    expect(h.seen).toEqual(['transport']);
    expect(tx.currentState).toBe('terminated');
  });
});

describe('non-INVITE client transaction', () => {
  it('retransmits on timer E capped at T2 and times out on timer F at 32 s', () => {
    const h = harness();
    new NonInviteClientTransaction(request('BYE'), h.context, h.user);
    h.clock.advance(32_000);
    expect(h.sent.map((s) => s.at)).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(h.seen).toEqual(['timeout']);
  });

  it('retransmits at T2 once proceeding', () => {
    const h = harness();
    const bye = request('BYE');
    const tx = new NonInviteClientTransaction(bye, h.context, h.user);
    h.clock.advance(100);
    tx.receive(createResponse(bye, 100));
    h.clock.advance(9_000);
    expect(h.sent.map((s) => s.at)).toEqual([0, 500, 4500, 8500]);
  });

  it('completes on a final response and absorbs for timer K (T4 over UDP, 0 over TCP)', () => {
    for (const [reliable, k] of [
      [false, 5000],
      [true, 0],
    ] as const) {
      const h = harness(reliable);
      const bye = request('BYE');
      const tx = new NonInviteClientTransaction(bye, h.context, h.user);
      tx.receive(createResponse(bye, 200));
      tx.receive(createResponse(bye, 200));
      expect(h.seen).toEqual([200]);
      h.clock.advance(k);
      expect(h.terminatedAt()).toBe(k);
      expect(h.sent).toHaveLength(1);
    }
  });
});
