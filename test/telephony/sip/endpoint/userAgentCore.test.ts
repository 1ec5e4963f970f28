/**
 * The dialer's user agent core answering what peers send it, over a real UDP socket on loopback:
 * a raw socket plays the peer, so every byte on the wire is the test's.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/dialer/clock/systemClock.ts';
import type { ServerTransaction } from '../../../../src/telephony/sip/endpoint/endpointCore.ts';
import { SipEndpoint } from '../../../../src/telephony/sip/endpoint/sipEndpoint.ts';
import { SipUserAgent } from '../../../../src/telephony/sip/endpoint/sipUserAgent.ts';
import { createResponse } from '../../../../src/telephony/sip/message/createResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import { serializeSipMessage } from '../../../../src/telephony/sip/message/serializeSipMessage.ts';
import {
  getHeader,
  getHeaders,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import { StreamFramer } from '../../../../src/telephony/sip/message/streamFramer.ts';
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
    expect(requests.filter((r) => r.method === 'ACK')).toHaveLength(3);
    // A BYE may be retransmitted (nobody answers it here), but it is one transaction.
    expect(new Set(requests.filter((r) => r.method === 'BYE').map(branchOf)).size).toBe(1);
  });

  it('ACKs and BYEs a stray 2xx without Contact at the address it came from', async () => {
    const stray = strayOk('2', 'UDP', undefined);
    inbox.length = 0;
    for (let copy = 0; copy < 3; copy++) {
      peer.send(Buffer.from(stray), 5060, DIALER);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // The BYE of the stray before may still be retransmitted (nobody answers it): keep to this one.
    const requests = (inbox as unknown as SipRequest[]).filter(
      (r) => getHeader(r, 'call-id') === `stray-2@${DIALER}`,
    );
    const acks = requests.filter((r) => r.method === 'ACK');
    expect(acks).toHaveLength(3);
    expect(acks[0]!.uri).toBe(`sip:${PEER}:5060`);
    const byes = requests.filter((r) => r.method === 'BYE');
    expect(new Set(byes.map(branchOf)).size).toBe(1);
    expect(getHeader(byes[0]!, 'to')).toBe(`<sip:peer@${PEER}>;tag=theirs2`);
  });

  it('ACKs, and does not BYE again, a dismissed fork whose 2xx outlives the INVITE transaction', async () => {
    const logger = pino({ level: 'silent' });
    // T1 = 5 ms: timer M (64×T1) ends the INVITE transaction within the test.
    const quick = await SipEndpoint.open({
      host: DIALER,
      port: 0,
      clock: systemClock(),
      logger,
      timers: { t1: 5, t2: 20, t4: 25, d: 50 },
      protocols: ['udp'],
    });
    const ua = new SipUserAgent(quick, logger);
    const trunk = dgram.createSocket('udp4');
    const received: SipRequest[] = [];
    trunk.on('message', (data) => received.push(parseSipMessage(data) as SipRequest));
    await new Promise<void>((resolve) => trunk.bind(0, PEER, resolve));
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await ua.invite(
        { requestUri: `sip:peer@${PEER}:${trunk.address().port}`, from: `<sip:dialer@${DIALER}>` },
        { progress: () => {}, answered: (leg) => void leg.ack(), failed: () => {} },
      );
      await pause(30);
      const invite = received.find((r) => r.method === 'INVITE')!;
      const answer = (toTag: string) =>
        trunk.send(
          serializeSipMessage(
            createResponse(invite, 200, {
              toTag,
              headers: [{ name: 'contact', value: `<sip:peer@${PEER}:${trunk.address().port}>` }],
            }),
          ),
          quick.port,
          DIALER,
        );
      answer('b');
      await pause(30);
      answer('c');
      await pause(30);
      // Past timer M: the fork's next copy finds no transaction and goes to the core as a stray.
      await pause(400);
      expect(quick.openTransactions.client).toBe(0);
      answer('c');
      await pause(50);
      const ofFork = received.filter((r) => getHeader(r, 'to')?.endsWith('tag=c'));
      expect(ofFork.filter((r) => r.method === 'ACK')).toHaveLength(2);
      expect(new Set(ofFork.filter((r) => r.method === 'BYE').map(branchOf)).size).toBe(1);
    } finally {
      trunk.close();
      await quick.close();
    }
  });

  describe('a stray 2xx over TCP', () => {
    let contactServer: net.Server;
    /** What reaches the peer at its Contact address (PEER:5070, TCP only: nobody there on UDP). */
    const atContact: SipRequest[] = [];

    const accepted: net.Socket[] = [];

    beforeAll(async () => {
      contactServer = net.createServer((socket) => {
        accepted.push(socket);
        collect(socket, atContact);
      });
      await new Promise<void>((resolve) => contactServer.listen(5070, PEER, resolve));
    });

    afterAll(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => contactServer.close(() => resolve()));
    });

    it('is ACKed and BYEd over TCP even when its Contact names no transport', async () => {
      atContact.length = 0;
      const connection = await connectToDialer();
      try {
        for (let copy = 0; copy < 3; copy++) {
          connection.write(strayOk('3', 'TCP', `<sip:peer@${PEER}:5070>`));
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(atContact.filter((r) => r.method === 'ACK')).toHaveLength(3);
        const byes = atContact.filter((r) => r.method === 'BYE');
        expect(byes).toHaveLength(1);
        expect(getHeader(byes[0]!, 'via')).toMatch(/^SIP\/2\.0\/TCP /);
      } finally {
        connection.destroy();
      }
    });

    it('without Contact, is ACKed and BYEd on the connection it came on', async () => {
      const onConnection: SipRequest[] = [];
      const connection = await connectToDialer();
      collect(connection, onConnection);
      try {
        for (let copy = 0; copy < 2; copy++) {
          connection.write(strayOk('4', 'TCP', undefined));
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(onConnection.filter((r) => r.method === 'ACK')).toHaveLength(2);
        const byes = onConnection.filter((r) => r.method === 'BYE');
        expect(byes).toHaveLength(1);
        expect(byes[0]!.uri).toBe(`sip:${PEER}:${connection.localPort};transport=tcp`);
      } finally {
        connection.destroy();
      }
    });
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

const branchOf = (r: SipRequest) => /branch=([^;,\s]+)/.exec(getHeader(r, 'via')!)![1];

/** A 2xx to an INVITE of ours that the dialer no longer has a transaction for. */
function strayOk(id: string, transport: 'UDP' | 'TCP', contact: string | undefined): string {
  return [
    'SIP/2.0 200 OK',
    `Via: SIP/2.0/${transport} ${DIALER}:5060;branch=z9hG4bKlongGone${id}`,
    `From: <sip:dialer@${DIALER}>;tag=ours${id}`,
    `To: <sip:peer@${PEER}>;tag=theirs${id}`,
    `Call-ID: stray-${id}@${DIALER}`,
    'CSeq: 1 INVITE',
    ...(contact === undefined ? [] : [`Contact: ${contact}`]),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** Parses the SIP requests arriving on a TCP connection into `into`. */
function collect(socket: net.Socket, into: SipRequest[]): void {
  const framer = new StreamFramer();
  socket.on('data', (chunk) => {
    for (const frame of framer.push(chunk)) into.push(parseSipMessage(frame) as SipRequest);
  });
  socket.on('error', () => {});
}

/** A TCP connection from the peer's address to the dialer, as a trunk that connected to it. */
async function connectToDialer(): Promise<net.Socket> {
  const socket = net.connect({ host: DIALER, port: 5060, localAddress: PEER });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}
