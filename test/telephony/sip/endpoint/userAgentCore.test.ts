/**
 * The dialer's user agent core answering what peers send it, over a real UDP socket on loopback:
 * a raw socket plays the peer, so every byte on the wire is the test's.
 */
import dgram from 'node:dgram';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/dialer/clock/systemClock.ts';
import type { ServerTransaction } from '../../../../src/telephony/sip/endpoint/sipEndpoint.ts';
import { SipEndpoint } from '../../../../src/telephony/sip/endpoint/sipEndpoint.ts';
import { SipUserAgent } from '../../../../src/telephony/sip/endpoint/sipUserAgent.ts';
import { createResponse } from '../../../../src/telephony/sip/message/createResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import {
  getHeader,
  getHeaders,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import type { Registrar } from '../../../../src/telephony/sip/registrar/registrar.ts';
import { within } from '../support/callRecorder.ts';

const DIALER = '127.0.15.1';
const PEER = '127.0.15.2';
let endpoint: SipEndpoint;
/** A second endpoint whose user agent has a registrar (answering every REGISTER with 200). */
let registering: SipEndpoint;
let peer: dgram.Socket;
const inbox: SipResponse[] = [];
let waiting: (() => void) | undefined;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  endpoint = await SipEndpoint.open({ host: DIALER, port: 5060, clock: systemClock(), logger });
  new SipUserAgent(endpoint, logger);
  registering = await SipEndpoint.open({ host: DIALER, port: 0, clock: systemClock(), logger });
  new SipUserAgent(registering, logger, acceptingRegistrar);
  peer = dgram.createSocket('udp4');
  peer.on('message', (data) => {
    inbox.push(parseSipMessage(data) as SipResponse);
    waiting?.();
  });
  await new Promise<void>((resolve) => peer.bind(5060, PEER, resolve));
});

afterAll(async () => {
  await endpoint?.close();
  await registering?.close();
  peer?.close();
});

let branch = 0;

function request(method: string, options: { toTag?: string; branch?: string; cseq?: string } = {}): string {
  branch += 1;
  return [
    `${method} sip:dialer@${DIALER}:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP ${PEER}:5060;branch=${options.branch ?? `z9hG4bKpeer${branch}`}`,
    'Max-Forwards: 70',
    `From: <sip:peer@${PEER}>;tag=p${branch}`,
    `To: <sip:dialer@${DIALER}>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: call-${branch}@${PEER}`,
    `CSeq: ${options.cseq ?? `1 ${method}`}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const acceptingRegistrar = {
  handle: async (request: SipRequest) => createResponse(request, 200),
} as unknown as Registrar;

async function send(text: string, responses = 1, port = 5060): Promise<SipResponse[]> {
  inbox.length = 0;
  const arrived = new Promise<void>((resolve) => {
    waiting = () => {
      if (inbox.length >= responses) resolve();
    };
  });
  peer.send(Buffer.from(text), port, DIALER);
  await within(arrived, 3000, `${responses} response(s) to ${text.split(' ')[0]}`);
  return [...inbox];
}

describe('the user agent core', () => {
  it('answers OPTIONS with 200 and what it allows', async () => {
    const [response] = await send(request('OPTIONS'));
    expect(response!.status).toBe(200);
    expect(getHeader(response!, 'allow')).toContain('INVITE');
    expect(getHeader(response!, 'to')).toMatch(/;tag=/);
  });

  it('answers a BYE for a dialog it does not know with 481', async () => {
    const [response] = await send(request('BYE', { toTag: 'nosuch' }));
    expect(response!.status).toBe(481);
  });

  it('takes no incoming calls (480), and retransmits the answer until the ACK', async () => {
    const invite = request('INVITE');
    const [first] = await send(invite);
    expect(first!.status).toBe(480);
    // The INVITE again (our 480 was "lost"): the transaction answers the same, same To tag.
    const [again] = await send(invite);
    expect(again!.status).toBe(480);
    expect(getHeader(again!, 'to')).toBe(getHeader(first!, 'to'));
  });

  it('answers CANCEL for no pending INVITE with 481, and an unknown method with 405', async () => {
    expect((await send(request('CANCEL')))[0]!.status).toBe(481);
    expect((await send(request('SUBSCRIBE')))[0]!.status).toBe(405);
  });

  it('drops what is not SIP and keeps serving', async () => {
    peer.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'), 5060, DIALER);
    expect((await send(request('OPTIONS')))[0]!.status).toBe(200);
  });

  it('stamps received and rport on the Via of what it answers (RFC 3581)', async () => {
    const text = request('OPTIONS').replace(';branch=', ';rport;branch=');
    const [response] = await send(text);
    expect(getHeader(response!, 'via')).toMatch(
      new RegExp(`rport=5060.*received=${PEER.replace(/\./g, '\\.')}|received=.*rport=5060`),
    );
  });

  it('answers at the source address when the Via names no usable port', async () => {
    for (const via of [`${PEER}:5999;rport=abc`, `${PEER}:5999;rport=0`, `${PEER}:70000`]) {
      const text = request('OPTIONS').replace(`${PEER}:5060`, via);
      expect((await send(text))[0]!.status).toBe(200);
    }
  });

  it('survives a REGISTER whose Via names no usable port when its registrar is on', async () => {
    const text = request('REGISTER').replace(`${PEER}:5060;`, `${PEER}:5060;rport=abc;`);
    expect((await send(text, 1, registering.port))[0]!.status).toBe(200);
  });

  it('logs, and does not reject, when the registrar answer cannot be sent', async () => {
    const logger = pino({ level: 'silent' });
    const detached = await SipEndpoint.open({ host: DIALER, port: 0, clock: systemClock(), logger });
    const ua = new SipUserAgent(detached, logger, acceptingRegistrar);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const register = parseSipMessage(Buffer.from(request('REGISTER'))) as SipRequest;
      const unsendable = {
        respond: () => {
          throw new Error('send failed');
        },
      } as unknown as ServerTransaction;
      ua.request(register, unsendable, { protocol: 'udp', host: PEER, port: 5060 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await detached.close();
    }
  });

  it('keeps every Via of a comma-separated Via line, in order, and keys on the first', async () => {
    const text = request('OPTIONS').replace(
      /;branch=(\S+)/,
      ';branch=$1, SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKphone1',
    );
    const [response] = await send(text);
    const vias = getHeaders(response!, 'via');
    expect(vias).toHaveLength(2);
    expect(vias[0]).toMatch(new RegExp(`^SIP/2.0/UDP ${PEER}:5060;branch=z9hG4bKpeer\\d+`));
    expect(vias[1]).toBe('SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKphone1');
  });

  it('ACKs every copy of a stray 2xx but hangs it up once', async () => {
    const stray = [
      'SIP/2.0 200 OK',
      `Via: SIP/2.0/UDP ${DIALER}:5060;branch=z9hG4bKlongGone1`,
      `From: <sip:dialer@${DIALER}>;tag=ours1`,
      `To: <sip:peer@${PEER}>;tag=theirs1`,
      `Call-ID: stray-1@${DIALER}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:peer@${PEER}:5060>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    inbox.length = 0;
    for (let copy = 0; copy < 3; copy++) {
      peer.send(Buffer.from(stray), 5060, DIALER);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const requests = inbox as unknown as SipRequest[];
    const branchOf = (r: SipRequest) =>
      /branch=([^;,\s]+)/.exec(r.headers.find((h) => h.name === 'via')!.value)![1];
    expect(requests.filter((r) => r.method === 'ACK')).toHaveLength(3);
    // A BYE may be retransmitted (nobody answers it here), but it is one transaction.
    expect(new Set(requests.filter((r) => r.method === 'BYE').map(branchOf)).size).toBe(1);
  });

  it('answers 400 to a request its core cannot handle', async () => {
    const text = request('OPTIONS', { toTag: 'x' }).replace(/From: <(\S+)>/, 'From: <$1');
    expect((await send(text))[0]!.status).toBe(400);
  });

  it('keeps no transaction for a request it can neither handle nor answer', async () => {
    const before = endpoint.openTransactions.server;
    const unanswerable = request('OPTIONS', { toTag: 'x' }).replace(/To: <(\S+)>/, 'To: <$1');
    peer.send(Buffer.from(unanswerable), 5060, DIALER);
    // The next request is answered after the first was processed: only its transaction remains.
    expect((await send(request('OPTIONS')))[0]!.status).toBe(200);
    expect(endpoint.openTransactions.server).toBe(before + 1);
  });
});
