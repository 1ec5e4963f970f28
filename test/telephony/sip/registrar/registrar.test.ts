import { afterEach, describe, expect, it } from 'vitest';
import { DigestChallenger } from '../../../../src/telephony/sip/auth/digestChallenger.ts';
import { parseDigestHeader } from '../../../../src/telephony/sip/auth/digestHeader.ts';
import { authorizationFor, digestHa1 } from '../../../../src/telephony/sip/auth/digestResponse.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parseSipMessage.ts';
import { getHeader, getHeaders, type SipRequest } from '../../../../src/telephony/sip/message/sipMessage.ts';
import { Registrar } from '../../../../src/telephony/sip/registrar/registrar.ts';
import type { RegistrationStore } from '../../../../src/telephony/sip/registrar/registrationStore.ts';
import { registrationStores } from '../../../support/registrationStores.ts';

const MAIL = 'alice@example.com';

function setup(store: RegistrationStore) {
  let now = 1_000_000;
  const challenger = new DigestChallenger({ realm: 'ccc', now: () => now });
  const registrar = new Registrar({
    challenger,
    ha1For: async (user) => (user === MAIL ? digestHa1(MAIL, 'ccc', 'secret') : undefined),
    now: () => now,
    store,
  });
  let cseq = 0;
  const register = async (
    contact: string,
    options: { expires?: number; password?: string; aor?: string; callId?: string; seq?: number } = {},
  ) => {
    cseq += 1;
    const lines = (authorization?: string) =>
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
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
    const first = await registrar.handle(parseSipMessage(Buffer.from(lines())) as SipRequest);
    expect(first.status).toBe(401);
    const challenge = parseDigestHeader(getHeader(first, 'www-authenticate')!);
    const authorization = authorizationFor(
      challenge,
      { username: MAIL, password: options.password ?? 'secret' },
      'REGISTER',
      'sip:127.0.0.1',
    );
    return registrar.handle(parseSipMessage(Buffer.from(lines(authorization))) as SipRequest);
  };
  // Another node's registrar on the same store, on the same clock.
  const peer = () => new Registrar({ challenger, ha1For: async () => undefined, now: () => now, store });
  return { registrar, register, peer, advance: (ms: number) => (now += ms) };
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

  it('lets every registrar on the store find a phone registered with one of them', async () => {
    const { register, peer, advance } = await setupOpened();
    await register('<sip:desk@127.0.0.3>', { expires: 60 });
    expect(await peer().lookup(MAIL)).toBe('sip:desk@127.0.0.3');
    advance(60_000);
    expect(await peer().lookup(MAIL)).toBeUndefined();
  });
});
