import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSessionSecret } from '../../../../src/console/sessionSecret.ts';
import { KyselyNonceLedger } from '../../../../src/store/sip/kyselyNonceLedger.ts';
import { KyselyRegistrationStore } from '../../../../src/store/sip/kyselyRegistrationStore.ts';
import { loadRegistrarNonceSecret } from '../../../../src/store/sip/registrarNonceSecret.ts';
import { DigestChallenger } from '../../../../src/telephony/sip/auth/digestChallenger.ts';
import { parseDigestHeader } from '../../../../src/telephony/sip/auth/digestHeader.ts';
import { authorizationFor, digestHa1 } from '../../../../src/telephony/sip/auth/digestResponse.ts';
import type { NonceLedger } from '../../../../src/telephony/sip/auth/nonceLedger.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import {
  getHeader,
  getHeaders,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/sipMessage.ts';
import { MemoryRegistrationStore } from '../../../../src/telephony/sip/registrar/memoryRegistrationStore.ts';
import { Registrar } from '../../../../src/telephony/sip/registrar/registrar.ts';
import type { RegistrationStore } from '../../../../src/telephony/sip/registrar/registrationStore.ts';
import { SipTelephony } from '../../../../src/telephony/sip/sipTelephony.ts';
import { registrationStores } from '../../../support/registrationStores.ts';
import { openTestDatabase, storeBackends } from '../../../support/testDatabase.ts';

const MAIL = 'alice@example.com';
const REQUEST_URI = 'sip:127.0.0.1';

interface RegisterOptions {
  expires?: number;
  password?: string;
  aor?: string;
  callId?: string;
  seq?: number;
  /** The uri the digest is computed over; the Request-URI by default. */
  digestUri?: string;
}

function registerRequest(contact: string, cseq: number, options: RegisterOptions, authorization?: string) {
  const text = [
    `REGISTER ${REQUEST_URI} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.5:5060;branch=z9hG4bKr${cseq}`,
    `From: <sip:${options.aor ?? 'alice%40example.com'}@127.0.0.1>;tag=f`,
    `To: <sip:${options.aor ?? 'alice%40example.com'}@127.0.0.1>`,
    `Call-ID: ${options.callId ?? 'reg-1'}`,
    `CSeq: ${options.seq ?? cseq} REGISTER`,
    `Contact: ${contact}`,
    ...(options.expires === undefined ? [] : [`Expires: ${options.expires}`]),
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseSipMessage(Buffer.from(text)) as SipRequest;
}

function setup(store: RegistrationStore, challengerOptions: { secret?: Buffer; ledger?: NonceLedger } = {}) {
  let now = 1_000_000;
  const challenger = new DigestChallenger({ realm: 'ccc', now: () => now, ...challengerOptions });
  const registrar = new Registrar({
    challenger,
    ha1For: async (user) => (user === MAIL ? digestHa1(MAIL, 'ccc', 'secret') : undefined),
    now: () => now,
    store,
  });
  let cseq = 0;
  /** Sends one REGISTER, with `authorization` if given; its CSeq is the next one. */
  const send = (contact: string, options: RegisterOptions = {}, authorization?: string) => {
    cseq += 1;
    return registrar.handle(registerRequest(contact, cseq, options, authorization));
  };
  /** The Authorization answering a 401's challenge, with nonce count `count`. */
  const answer = (unauthorized: SipResponse, options: RegisterOptions = {}, count = 1) =>
    authorizationFor(
      parseDigestHeader(getHeader(unauthorized, 'www-authenticate')!),
      { username: MAIL, password: options.password ?? 'secret' },
      'REGISTER',
      options.digestUri ?? REQUEST_URI,
      count,
    );
  /** A phone's REGISTER: challenged first, then answered. */
  const register = async (contact: string, options: RegisterOptions = {}) => {
    const first = await send(contact, options);
    expect(first.status).toBe(401);
    return send(contact, options, answer(first, options));
  };
  // Another node's registrar on the same store, on the same clock.
  const peer = () => new Registrar({ challenger, ha1For: async () => undefined, now: () => now, store });
  return { registrar, send, answer, register, peer, advance: (ms: number) => (now += ms) };
}

describe.each(registrationStores())('Registrar over the %s store', (_name, open) => {
  let close: () => Promise<void> = async () => {};
  afterEach(() => close());
  const setupOpened = async () => {
    const opened = await open();
    close = opened.close;
    return setup(opened.store);
  };

  it('binds a contact after the digest challenge and forgets it when it expires', async () => {
    const { registrar, register, advance } = await setupOpened();
    const ok = await register('<sip:alice%40example.com@127.0.0.3:5060>', { expires: 120 });
    expect(ok.status).toBe(200);
    expect(getHeaders(ok, 'contact')).toEqual(['<sip:alice%40example.com@127.0.0.3:5060>;expires=120']);
    expect(await registrar.lookup(MAIL)).toBe('sip:alice%40example.com@127.0.0.3:5060');
    advance(120_000);
    expect(await registrar.lookup(MAIL)).toBeUndefined();
  });

  it('refuses a wrong password and credentials for another address-of-record', async () => {
    const { registrar, register } = await setupOpened();
    expect((await register('<sip:x@127.0.0.3>', { password: 'guess' })).status).toBe(401);
    expect((await register('<sip:x@127.0.0.3>', { aor: 'bob%40example.com' })).status).toBe(403);
    expect(await registrar.lookup(MAIL)).toBeUndefined();
  });

  it('sends a call to the freshest binding, removes one with expires=0, and all with *', async () => {
    const { registrar, register, advance } = await setupOpened();
    await register('<sip:desk@127.0.0.3>', { callId: 'desk' });
    advance(1000);
    await register('<sip:softphone@127.0.0.4>', { callId: 'soft' });
    expect(await registrar.lookup(MAIL)).toBe('sip:softphone@127.0.0.4');
    await register('<sip:softphone@127.0.0.4>;expires=0', { callId: 'soft' });
    expect(await registrar.lookup(MAIL)).toBe('sip:desk@127.0.0.3');
    expect((await register('*', { expires: 0, callId: 'desk' })).status).toBe(200);
    expect(await registrar.liveBindings(MAIL)).toEqual([]);
  });

  it('answers 423 to an interval under the minimum, and caps a long one', async () => {
    const { register } = await setupOpened();
    const brief = await register('<sip:desk@127.0.0.3>', { expires: 10 });
    expect(brief.status).toBe(423);
    expect(getHeader(brief, 'min-expires')).toBe('60');
    const long = await register('<sip:desk@127.0.0.3>', { expires: 86_400 });
    expect(getHeaders(long, 'contact')).toEqual(['<sip:desk@127.0.0.3>;expires=3600']);
  });

  it('does not let a delayed older REGISTER of the same Call-ID undo a newer one', async () => {
    const { registrar, register } = await setupOpened();
    await register('<sip:desk@127.0.0.3>', { callId: 'c', seq: 10 });
    const stale = await register('<sip:desk@127.0.0.3>;expires=0', { callId: 'c', seq: 5 });
    expect(stale.status).toBe(500);
    expect(await registrar.lookup(MAIL)).toBe('sip:desk@127.0.0.3');
  });

  it('does not take an Authorization again: a sniffed one cannot rebind the agent elsewhere', async () => {
    const { registrar, send, answer, advance } = await setupOpened();
    const challenged = await send('<sip:desk@127.0.0.3>', { callId: 'phone' });
    const sniffed = answer(challenged);
    expect((await send('<sip:desk@127.0.0.3>', { callId: 'phone' }, sniffed)).status).toBe(200);
    advance(60_000);
    const replayed = await send('<sip:attacker@6.6.6.6>', { callId: 'attacker', seq: 1 }, sniffed);
    expect(replayed.status).toBe(401);
    expect(await registrar.lookup(MAIL)).toBe('sip:desk@127.0.0.3');
  });

  it('refuses an Authorization computed for another Request-URI', async () => {
    const { registrar, register } = await setupOpened();
    const elsewhere = await register('<sip:desk@127.0.0.3>', { digestUri: 'sip:other.example.com' });
    expect(elsewhere.status).toBe(401);
    expect(await registrar.lookup(MAIL)).toBeUndefined();
  });

  it('lets a phone refresh on one nonce with a growing nc, and re-challenges a repeated nc', async () => {
    const { registrar, send, answer, advance } = await setupOpened();
    const challenged = await send('<sip:desk@127.0.0.3>', { callId: 'phone' });
    for (const count of [1, 2, 3]) {
      const refresh = await send('<sip:desk@127.0.0.3>', { callId: 'phone' }, answer(challenged, {}, count));
      expect(refresh.status).toBe(200);
      advance(30_000);
    }
    const repeated = await send('<sip:desk@127.0.0.3>', { callId: 'phone' }, answer(challenged, {}, 3));
    expect(repeated.status).toBe(401);
    expect(getHeader(repeated, 'www-authenticate')).toContain('stale=TRUE');
    const retried = await send('<sip:softphone@127.0.0.4>', { callId: 'phone' }, answer(repeated));
    expect(retried.status).toBe(200);
    expect(await registrar.lookup(MAIL)).toBe('sip:softphone@127.0.0.4');
  });

  it('lets every registrar on the store find a phone registered with one of them', async () => {
    const { register, peer, advance } = await setupOpened();
    await register('<sip:desk@127.0.0.3>', { expires: 60 });
    expect(await peer().lookup(MAIL)).toBe('sip:desk@127.0.0.3');
    advance(60_000);
    expect(await peer().lookup(MAIL)).toBeUndefined();
  });
});

describe.each(storeBackends())('Registrars of one %s database', (backend) => {
  let close: () => Promise<void> = async () => {};
  afterEach(() => close());

  it('accept the challenges of each other, with the nonce key the database keeps', async () => {
    const database = await openTestDatabase(backend, 'nonce');
    close = () => database.close();
    const [secretA, secretB] = await Promise.all([
      loadRegistrarNonceSecret(database.db),
      loadRegistrarNonceSecret(database.db),
    ]);
    expect(secretA.length).toBe(32);
    expect(secretB.equals(secretA)).toBe(true);
    expect(await loadSessionSecret(database.db)).not.toBe(secretA.toString('base64url'));
    const store = new KyselyRegistrationStore(database.db);
    const nodeA = setup(store, { secret: secretA });
    const nodeB = setup(store, { secret: await loadRegistrarNonceSecret(database.db) });
    const challenged = await nodeA.send('<sip:desk@127.0.0.3>', { callId: 'phone' });
    const atB = await nodeB.send('<sip:desk@127.0.0.3>', { callId: 'phone' }, nodeA.answer(challenged));
    expect(atB.status).toBe(200);
    expect(await nodeA.registrar.lookup(MAIL)).toBe('sip:desk@127.0.0.3');
  });

  it('take a captured response once on the whole cluster, while the phone’s next count passes anywhere', async () => {
    const database = await openTestDatabase(backend, 'nonce');
    close = () => database.close();
    const store = new KyselyRegistrationStore(database.db);
    const secret = await loadRegistrarNonceSecret(database.db);
    const nodeA = setup(store, { secret, ledger: new KyselyNonceLedger(database.db) });
    const nodeB = setup(store, { secret, ledger: new KyselyNonceLedger(database.db) });
    const challenged = await nodeA.send('<sip:desk@127.0.0.3>', { callId: 'phone' });
    const captured = nodeA.answer(challenged);
    expect((await nodeA.send('<sip:desk@127.0.0.3>', { callId: 'phone' }, captured)).status).toBe(200);
    // Replayed at the other node, and at the first again: refused (a stale challenge) by both.
    const replayed = await nodeB.send('<sip:evil@10.6.6.6>', { callId: 'phone' }, captured);
    expect(replayed.status).toBe(401);
    expect(getHeader(replayed, 'www-authenticate')).toMatch(/stale=TRUE/i);
    expect((await nodeA.send('<sip:evil@10.6.6.6>', { callId: 'phone' }, captured)).status).toBe(401);
    expect(await nodeA.registrar.lookup(MAIL)).toBe('sip:desk@127.0.0.3');
    // The phone itself goes on with the same nonce and a higher count, at either node.
    const next = nodeA.answer(challenged, {}, 2);
    expect((await nodeB.send('<sip:desk@127.0.0.3>', { callId: 'phone', seq: 10 }, next)).status).toBe(200);
  });
});

describe('SipTelephony nodes given one nonce key', () => {
  const opened: SipTelephony[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((telephony) => telephony.close()));
  });

  it("answer a REGISTER carrying the other node's challenge", async () => {
    const nonceSecret = Buffer.alloc(32, 3);
    const store = new MemoryRegistrationStore();
    const node = async () => {
      const telephony = await SipTelephony.open({
        listen: { host: '127.0.0.1', port: 0 },
        trunk: { address: '127.0.0.1:5060', transport: 'udp', callerIdStyle: 'from' },
        registrar: { realm: 'ccc', ha1For: async () => digestHa1(MAIL, 'ccc', 'secret'), store, nonceSecret },
        agentAnswerTimeoutSeconds: 15,
        logger: pino({ level: 'silent' }),
      });
      opened.push(telephony);
      return telephony.registrar!;
    };
    const [nodeA, nodeB] = [await node(), await node()];
    const challenged = await nodeA.handle(registerRequest('<sip:desk@127.0.0.3>', 1, {}));
    const authorization = authorizationFor(
      parseDigestHeader(getHeader(challenged, 'www-authenticate')!),
      { username: MAIL, password: 'secret' },
      'REGISTER',
      REQUEST_URI,
    );
    const atB = await nodeB.handle(registerRequest('<sip:desk@127.0.0.3>', 2, {}, authorization));
    expect(atB.status).toBe(200);
  });
});
