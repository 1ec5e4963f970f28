/**
 * The dialer's user agent core answering what peers send it, over a real UDP socket on loopback:
 * a raw socket plays the peer, so every byte on the wire is the test's.
 */
import dgram from 'node:dgram';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/dialer/clock/systemClock.ts';
import { SipEndpoint } from '../../../../src/telephony/sip/endpoint/sipEndpoint.ts';
import { SipUserAgent } from '../../../../src/telephony/sip/endpoint/sipUserAgent.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import { getHeader, type SipResponse } from '../../../../src/telephony/sip/message/sipMessage.ts';
import { within } from '../support/callRecorder.ts';

const DIALER = '127.0.15.1';
const PEER = '127.0.15.2';
let endpoint: SipEndpoint;
let peer: dgram.Socket;
const inbox: SipResponse[] = [];
let waiting: (() => void) | undefined;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  endpoint = await SipEndpoint.open({ host: DIALER, port: 5060, clock: systemClock(), logger });
  new SipUserAgent(endpoint, logger);
  peer = dgram.createSocket('udp4');
  peer.on('message', (data) => {
    inbox.push(parseSipMessage(data) as SipResponse);
    waiting?.();
  });
  await new Promise<void>((resolve) => peer.bind(5060, PEER, resolve));
});

afterAll(async () => {
  await endpoint?.close();
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

async function send(text: string, responses = 1): Promise<SipResponse[]> {
  inbox.length = 0;
  const arrived = new Promise<void>((resolve) => {
    waiting = () => {
      if (inbox.length >= responses) resolve();
    };
  });
  peer.send(Buffer.from(text), 5060, DIALER);
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
});
