import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallLeg } from '../../../../src/telephony/sip/dialog/callLeg.ts';
import { Dialog, dialogKeyOfRequest } from '../../../../src/telephony/sip/dialog/dialog.ts';
import { type InviteFailure, OutgoingInvite } from '../../../../src/telephony/sip/dialog/outgoingInvite.ts';
import type { ClientTransaction } from '../../../../src/telephony/sip/endpoint/endpointCore.ts';
import type { SipEndpoint } from '../../../../src/telephony/sip/endpoint/sipEndpoint.ts';
import { createResponse } from '../../../../src/telephony/sip/message/createResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import {
  getHeader,
  getHeaders,
  requireHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import {
  InviteClientTransaction,
  type InviteClientUser,
} from '../../../../src/telephony/sip/transaction/inviteClientTransaction.ts';
import {
  NonInviteClientTransaction,
  type NonInviteClientUser,
} from '../../../../src/telephony/sip/transaction/nonInviteClientTransaction.ts';
import { transactionTimeout } from '../../../../src/telephony/sip/transaction/timerValues.ts';
import {
  clientKeyOfRequest,
  clientKeyOfResponse,
} from '../../../../src/telephony/sip/transaction/transactionKeys.ts';
import { ManualClock } from '../support/manualClock.ts';

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

  it('keeps the null tag of an RFC 2543 callee (a 2xx without a To tag), and finds its BYE without a From tag', () => {
    const untagged = ok([]);
    const dialog = Dialog.fromUacResponse(
      INVITE,
      {
        ...untagged,
        headers: untagged.headers.map((h) =>
          h.name === 'to' ? { ...h, value: '<sip:+100@trunk.test>' } : h,
        ),
      },
      'sip:127.0.0.1:5060',
    );
    expect(dialog.remoteTag).toBe('');
    expect(getHeader(dialog.createRequest('BYE'), 'to')).toBe('<sip:+100@trunk.test>');
    const theirBye = parse([
      'BYE sip:127.0.0.1:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKc',
      'From: <sip:+100@trunk.test>',
      'To: <sip:+200@trunk.test>;tag=ours',
      'Call-ID: call-1',
      'CSeq: 7 BYE',
    ]) as SipRequest;
    expect(dialogKeyOfRequest(theirBye)).toBe(dialog.key);
    // A tagged dialog of the same call is another dialog.
    expect(Dialog.fromUacResponse(INVITE, ok([]), 'sip:127.0.0.1:5060').key).not.toBe(dialog.key);
  });
});

const TIMERS = { t1: 10, t2: 40, t4: 50, d: 100 };
const GIVE_UP = transactionTimeout(TIMERS);

/**
 * The endpoint's side of an outgoing call without sockets: real client transactions on a manual
 * clock, a table of the open ones, and a wire the test reads and answers.
 */
function fakeEndpoint() {
  const clock = new ManualClock();
  const wire: SipRequest[] = [];
  const open = new Map<string, ClientTransaction>();
  const strays: SipResponse[] = [];
  let branches = 0;
  const start = (request: SipRequest, user: InviteClientUser | NonInviteClientUser) => {
    const key = clientKeyOfRequest(request);
    const context = {
      clock,
      timers: TIMERS,
      reliable: false,
      send: (message: SipMessage) => {
        if (message.kind === 'request') wire.push(message);
      },
      terminated: () => open.delete(key),
    };
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(request, context, user)
        : new NonInviteClientTransaction(request, context, user);
    open.set(key, transaction);
    return transaction;
  };
  const withVia = (request: SipRequest): SipRequest => {
    branches += 1;
    const via = { name: 'via', value: `SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKt${branches}` };
    return { ...request, headers: [via, ...request.headers] };
  };
  const endpoint = {
    host: '127.0.0.1',
    sendRequest: (request: SipRequest, _target: unknown, user: InviteClientUser) =>
      start(withVia(request), user),
    sendCancel: (invite: InviteClientTransaction, user: NonInviteClientUser) => {
      if (!open.has(clientKeyOfRequest(invite.request))) return undefined;
      const seq = requireHeader(invite.request, 'cseq').split(' ')[0];
      const headers = ['via', 'from', 'to', 'call-id'].map((name) => ({
        name,
        value: requireHeader(invite.request, name),
      }));
      const cancel: SipRequest = {
        ...invite.request,
        method: 'CANCEL',
        headers: [...headers, { name: 'cseq', value: `${seq} CANCEL` }],
      };
      return start(cancel, user);
    },
    sendAck: (ack: SipRequest) => wire.push(withVia(ack)),
  };
  /** A response from the peer, routed as the endpoint routes it. */
  const deliver = (response: SipResponse) => {
    const key = clientKeyOfResponse(response);
    const transaction = key === undefined ? undefined : open.get(key);
    if (transaction) transaction.receive(response);
    else strays.push(response);
  };
  const sentOf = (method: string) => wire.filter((r) => r.method === method);
  return { clock, endpoint: endpoint as unknown as SipEndpoint, open, strays, deliver, sentOf };
}

/** An OutgoingInvite on a fake endpoint, recording what it reports. */
function outgoingCall() {
  const fake = fakeEndpoint();
  const failures: InviteFailure[] = [];
  const answered: CallLeg[] = [];
  const initial: SipRequest = {
    kind: 'request',
    method: 'INVITE',
    uri: 'sip:+100@127.0.0.2:5070',
    headers: [
      { name: 'max-forwards', value: '70' },
      { name: 'from', value: '<sip:+200@127.0.0.1>;tag=ours' },
      { name: 'to', value: '<sip:+100@127.0.0.2>' },
      { name: 'call-id', value: 'call-2' },
      { name: 'cseq', value: '1 INVITE' },
      { name: 'contact', value: '<sip:127.0.0.1:5060>' },
    ],
    body: Buffer.alloc(0),
  };
  const call = new OutgoingInvite(
    initial,
    { protocol: 'udp', host: '127.0.0.2', port: 5070 },
    {
      endpoint: fake.endpoint,
      registry: { add: () => {}, remove: () => {}, dismissed: () => {} },
      logger: pino({ level: 'silent' }),
      credentials: undefined,
      contact: 'sip:127.0.0.1:5060',
    },
    { progress: () => {}, answered: (leg) => answered.push(leg), failed: (f) => failures.push(f) },
  );
  const invite = () => fake.sentOf('INVITE')[0]!;
  const answer = (toTag: string, request = invite()) =>
    createResponse(request, 200, {
      toTag,
      headers: [{ name: 'contact', value: '<sip:callee@127.0.0.2:5070>' }],
    });
  return { ...fake, call, failures, answered, invite, answer };
}

/** Lets the ACK-then-BYE promise chains of dismissed legs run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OutgoingInvite', () => {
  for (const cancelAnswer of [200, 481, undefined]) {
    it(`ends a cancelled call 64×T1 after the CANCEL when no 487 comes (CANCEL answered ${cancelAnswer ?? 'never'})`, () => {
      const t = outgoingCall();
      t.deliver(createResponse(t.invite(), 180, { toTag: 'b' }));
      t.clock.advance(1_000);
      t.call.cancel();
      const cancel = t.sentOf('CANCEL')[0]!;
      if (cancelAnswer !== undefined) t.deliver(createResponse(cancel, cancelAnswer));
      t.clock.advance(GIVE_UP - 1);
      expect(t.failures).toEqual([]);
      t.clock.advance(1);
      expect(t.failures).toEqual([{ kind: 'cancelled' }]);
      expect(t.open.has(clientKeyOfRequest(t.invite()))).toBe(false);
      // A 2xx after that revives nothing: it goes to the core, which ACKs and BYEs strays.
      t.deliver(t.answer('b'));
      expect(t.strays).toHaveLength(1);
      expect(t.answered).toEqual([]);
      expect(t.failures).toHaveLength(1);
    });
  }

  it('ACKs every retransmission of a 2xx that crossed the CANCEL, and BYEs it once', async () => {
    const t = outgoingCall();
    t.deliver(createResponse(t.invite(), 180, { toTag: 'b' }));
    t.call.cancel();
    for (let i = 0; i < 4; i += 1) {
      t.deliver(t.answer('b'));
      await settle();
    }
    expect(t.failures).toEqual([{ kind: 'cancelled' }]);
    expect(t.sentOf('ACK')).toHaveLength(4);
    expect(t.sentOf('BYE')).toHaveLength(1);
  });

  it('BYEs a second fork once, however often its 2xx comes', async () => {
    const t = outgoingCall();
    t.deliver(t.answer('b'));
    await t.answered[0]!.ack();
    for (let i = 0; i < 3; i += 1) {
      t.deliver(t.answer('c'));
      await settle();
    }
    const acks = t.sentOf('ACK').map((a) => getHeader(a, 'to'));
    expect(acks.filter((to) => to?.endsWith('tag=c'))).toHaveLength(3);
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>;tag=c']);
  });

  /** A 2xx that names no remote target: RFC 3261 §12.1.2 wants a Contact in it. */
  const withoutContact = (response: SipResponse): SipResponse => ({
    ...response,
    headers: response.headers.filter((h) => h.name !== 'contact'),
  });

  it('ACKs and BYEs a 2xx without Contact at the Request-URI, once however often it comes', async () => {
    const t = outgoingCall();
    for (let i = 0; i < 3; i += 1) {
      t.deliver(withoutContact(t.answer('b')));
      await settle();
    }
    expect(t.answered).toEqual([]);
    expect(t.failures).toMatchObject([{ kind: 'rejected', status: 502 }]);
    expect(t.sentOf('ACK').map((a) => a.uri)).toEqual(Array(3).fill('sip:+100@127.0.0.2:5070'));
    expect(t.sentOf('BYE').map((b) => [b.uri, getHeader(b, 'to')])).toEqual([
      ['sip:+100@127.0.0.2:5070', '<sip:+100@127.0.0.2>;tag=b'],
    ]);
  });

  it('ends a cancelled attempt as cancelled when its 2xx without Contact crosses the CANCEL', async () => {
    const t = outgoingCall();
    t.deliver(createResponse(t.invite(), 180, { toTag: 'b' }));
    t.call.cancel();
    t.deliver(withoutContact(t.answer('b')));
    await settle();
    expect(t.failures).toEqual([{ kind: 'cancelled' }]);
    expect(t.sentOf('ACK')).toHaveLength(1);
    expect(t.sentOf('BYE')).toHaveLength(1);
  });

  it('ACKs and BYEs a second fork whose 2xx has no Contact', async () => {
    const t = outgoingCall();
    t.deliver(t.answer('b'));
    await t.answered[0]!.ack();
    t.deliver(withoutContact(t.answer('c')));
    await settle();
    expect(t.sentOf('ACK').map((a) => getHeader(a, 'to'))).toEqual([
      '<sip:+100@127.0.0.2>;tag=b',
      '<sip:+100@127.0.0.2>;tag=c',
    ]);
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>;tag=c']);
  });

  /** A 2xx from an RFC 2543 callee: no tag in its To, which RFC 3261 §12.1.2 takes as a null tag. */
  const withoutToTag = (response: SipResponse): SipResponse => ({
    ...response,
    headers: response.headers.map((h) =>
      h.name === 'to' ? { ...h, value: h.value.replace(/;tag=[^;]*/, '') } : h,
    ),
  });

  it('takes a 2xx without a To tag as the answer, ACKs it again when it comes again, and BYEs it untagged', async () => {
    const t = outgoingCall();
    t.deliver(withoutToTag(t.answer('b')));
    expect(t.failures).toEqual([]);
    expect(t.answered).toHaveLength(1);
    const leg = t.answered[0]!;
    await leg.ack();
    for (let i = 0; i < 2; i += 1) {
      t.deliver(withoutToTag(t.answer('b')));
      await settle();
    }
    expect(t.answered).toHaveLength(1);
    expect(t.sentOf('ACK').map((a) => getHeader(a, 'to'))).toEqual(Array(3).fill('<sip:+100@127.0.0.2>'));
    expect(t.sentOf('BYE')).toEqual([]);
    void leg.hangUp();
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>']);
  });

  it('ACKs and BYEs an untagged 2xx from a second fork, once however often it comes', async () => {
    const t = outgoingCall();
    t.deliver(t.answer('b'));
    await t.answered[0]!.ack();
    for (let i = 0; i < 2; i += 1) {
      t.deliver(withoutToTag(t.answer('c')));
      await settle();
    }
    expect(t.answered).toHaveLength(1);
    expect(t.sentOf('ACK').map((a) => getHeader(a, 'to'))).toEqual([
      '<sip:+100@127.0.0.2>;tag=b',
      '<sip:+100@127.0.0.2>',
      '<sip:+100@127.0.0.2>',
    ]);
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>']);
  });

  it('ACKs and BYEs an untagged 2xx that crossed the CANCEL', async () => {
    const t = outgoingCall();
    t.deliver(createResponse(t.invite(), 180, { toTag: 'b' }));
    t.call.cancel();
    t.deliver(withoutToTag(t.answer('b')));
    await settle();
    expect(t.failures).toEqual([{ kind: 'cancelled' }]);
    expect(t.sentOf('ACK')).toHaveLength(1);
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>']);
  });

  it('ACKs and BYEs a 2xx from another fork that follows a final failure, once', async () => {
    const t = outgoingCall();
    // A forking proxy forwards a 2xx even after it sent a 6xx (RFC 3261 §16.7 step 5).
    t.deliver(createResponse(t.invite(), 603, { toTag: 'b' }));
    expect(t.failures).toMatchObject([{ kind: 'rejected', status: 603 }]);
    for (let i = 0; i < 3; i += 1) {
      t.deliver(t.answer('c'));
      await settle();
    }
    expect(t.answered).toEqual([]);
    expect(t.failures).toHaveLength(1);
    const acks = t.sentOf('ACK').map((a) => getHeader(a, 'to'));
    expect(acks.filter((to) => to?.endsWith('tag=c'))).toHaveLength(3);
    expect(t.sentOf('BYE').map((b) => getHeader(b, 'to'))).toEqual(['<sip:+100@127.0.0.2>;tag=c']);
    // The 603's own retransmission still gets its hop-by-hop ACK again.
    const before = t.sentOf('ACK').length;
    t.deliver(createResponse(t.invite(), 603, { toTag: 'b' }));
    expect(t.sentOf('ACK')).toHaveLength(before + 1);
    expect(t.sentOf('ACK').at(-1)!.uri).toBe('sip:+100@127.0.0.2:5070');
  });
});

describe('CallLeg re-INVITE', () => {
  it('fails 64×T1 after it was sent when only a provisional response comes', async () => {
    const t = outgoingCall();
    t.deliver(t.answer('b'));
    const leg = t.answered[0]!;
    await leg.ack();
    let outcome = 'pending';
    leg.reinvite(Buffer.from('v=0\r\n')).then(
      () => {
        outcome = 'answered';
      },
      (error: Error) => {
        outcome = error.message;
      },
    );
    const reinvite = t.sentOf('INVITE').at(-1)!;
    expect(getHeader(reinvite, 'cseq')).toBe('2 INVITE');
    t.deliver(createResponse(reinvite, 100));
    t.clock.advance(GIVE_UP);
    await settle();
    expect(outcome).toMatch(/timed out/);
    expect(t.open.has(clientKeyOfRequest(reinvite))).toBe(false);
  });
});
