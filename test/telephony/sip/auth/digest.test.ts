import { describe, expect, it } from 'vitest';
import { DigestChallenger } from '../../../../src/telephony/sip/auth/digestChallenger.ts';
import { parseDigestHeader } from '../../../../src/telephony/sip/auth/digestHeader.ts';
import {
  authorizationFor,
  digestHa1,
  digestResponse,
  UnsupportedChallengeError,
} from '../../../../src/telephony/sip/auth/digestResponse.ts';
import { NonceUses } from '../../../../src/telephony/sip/auth/nonceUses.ts';

describe('digest computation', () => {
  it('matches the RFC 2617 §3.5 example', () => {
    const response = digestResponse({
      ha1: digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'),
      algorithm: 'MD5',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('answers a SIP challenge with qop=auth, echoing opaque', () => {
    const challenge = parseDigestHeader(
      'Digest realm="trunk", nonce="abc", qop="auth,auth-int", algorithm=MD5, opaque="op"',
    );
    const header = parseDigestHeader(
      authorizationFor(challenge, { username: 'dialer', password: 'pw' }, 'INVITE', 'sip:+1@127.0.0.2'),
    );
    const p = header.params;
    expect(p.get('qop')).toBe('auth');
    expect(p.get('nc')).toBe('00000001');
    expect(p.get('opaque')).toBe('op');
    const expected = digestResponse({
      ha1: digestHa1('dialer', 'trunk', 'pw'),
      algorithm: 'MD5',
      method: 'INVITE',
      uri: 'sip:+1@127.0.0.2',
      nonce: 'abc',
      qop: 'auth',
      nc: '00000001',
      cnonce: p.get('cnonce') ?? '',
    });
    expect(p.get('response')).toBe(expected);
  });

  it('answers an RFC 2069 challenge without qop', () => {
    const header = parseDigestHeader(
      authorizationFor(
        parseDigestHeader('Digest realm="r", nonce="n"'),
        { username: 'u', password: 'p' },
        'BYE',
        'sip:x',
      ),
    );
    expect(header.params.has('qop')).toBe(false);
    expect(header.params.get('response')).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    'Basic realm="r"',
    'Digest realm="r", nonce="n", algorithm=SHA-256',
    'Digest realm="r", nonce="n", qop="auth-int"',
  ])('refuses %s', (text) => {
    expect(() =>
      authorizationFor(parseDigestHeader(text), { username: 'u', password: 'p' }, 'INVITE', 'sip:x'),
    ).toThrow(UnsupportedChallengeError);
  });
});

describe('DigestChallenger', () => {
  const ha1s: Record<string, string> = {
    'alice@example.com': digestHa1('alice@example.com', 'ccc', 'secret'),
  };
  const lookup = async (user: string) => ha1s[user];
  const REGISTER = { method: 'REGISTER', uri: 'sip:127.0.0.1' };

  function answer(challenger: DigestChallenger, password: string, stale = false) {
    const challenge = parseDigestHeader(challenger.challenge(stale));
    return authorizationFor(
      challenge,
      { username: 'alice@example.com', password },
      'REGISTER',
      'sip:127.0.0.1',
    );
  }

  it('accepts the right password and refuses a wrong one or an unknown user', async () => {
    let now = 1_000;
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => now });
    expect(await challenger.verify(answer(challenger, 'secret'), REGISTER, lookup)).toEqual({
      ok: true,
      username: 'alice@example.com',
    });
    expect(await challenger.verify(answer(challenger, 'guess'), REGISTER, lookup)).toMatchObject({
      ok: false,
      stale: false,
    });
    expect(
      await challenger.verify(answer(challenger, 'secret'), { ...REGISTER, method: 'INVITE' }, lookup),
    ).toMatchObject({
      ok: false,
    });
    now += 1;
    const stranger = authorizationFor(
      parseDigestHeader(challenger.challenge()),
      { username: 'mallory', password: 'x' },
      'REGISTER',
      'sip:127.0.0.1',
    );
    expect(await challenger.verify(stranger, REGISTER, lookup)).toMatchObject({
      ok: false,
      reason: 'unknown user',
    });
  });

  it('refuses a nonce it did not issue, and calls an old one stale', async () => {
    let now = 1_000;
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => now, nonceLifetimeMs: 60_000 });
    const other = new DigestChallenger({ realm: 'ccc', now: () => now });
    expect(await challenger.verify(answer(other, 'secret'), REGISTER, lookup)).toMatchObject({
      ok: false,
      reason: 'nonce not issued here',
    });
    const old = answer(challenger, 'secret');
    now += 60_001;
    expect(await challenger.verify(old, REGISTER, lookup)).toEqual({
      ok: false,
      stale: true,
      reason: 'stale nonce',
    });
    expect(challenger.challenge(true)).toContain('stale=TRUE');
  });

  /** Answers one challenge as a phone would, `count` being the nonce count of this request. */
  function reuse(challenge: string, uri = 'sip:127.0.0.1') {
    const parsed = parseDigestHeader(challenge);
    return (count: number) =>
      authorizationFor(parsed, { username: 'alice@example.com', password: 'secret' }, 'REGISTER', uri, count);
  }

  it('refuses a response computed for another Request-URI', async () => {
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => 1_000 });
    const forElsewhere = reuse(challenger.challenge(), 'sip:other.example.com')(1);
    expect(await challenger.verify(forElsewhere, REGISTER, lookup)).toMatchObject({
      ok: false,
      stale: false,
      reason: 'digest uri is not the Request-URI',
    });
  });

  it('takes each nonce count once and only growing, answering a replay stale', async () => {
    let now = 1_000;
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => now });
    const phone = reuse(challenger.challenge());
    const first = phone(1);
    expect(await challenger.verify(first, REGISTER, lookup)).toMatchObject({ ok: true });
    now += 60_000;
    expect(await challenger.verify(first, REGISTER, lookup)).toEqual({
      ok: false,
      stale: true,
      reason: 'nonce reused',
    });
    expect(await challenger.verify(phone(3), REGISTER, lookup)).toMatchObject({ ok: true });
    expect(await challenger.verify(phone(2), REGISTER, lookup)).toMatchObject({ ok: false, stale: true });
    expect(await challenger.verify(phone(4), REGISTER, lookup)).toMatchObject({ ok: true });
  });

  it('takes a response without qop once per nonce', async () => {
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => 1_000 });
    const offered = parseDigestHeader(challenger.challenge());
    const withoutQop = { scheme: offered.scheme, params: new Map(offered.params) };
    withoutQop.params.delete('qop');
    const answerOf = () =>
      authorizationFor(
        withoutQop,
        { username: 'alice@example.com', password: 'secret' },
        'REGISTER',
        'sip:127.0.0.1',
      );
    const once = answerOf();
    expect(parseDigestHeader(once).params.has('nc')).toBe(false);
    expect(await challenger.verify(once, REGISTER, lookup)).toMatchObject({ ok: true });
    expect(await challenger.verify(once, REGISTER, lookup)).toMatchObject({ ok: false, stale: true });
    expect(await challenger.verify(answerOf(), REGISTER, lookup)).toMatchObject({ ok: false, stale: true });
  });

  it('lets a replayed copy pass once even when both arrive together', async () => {
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => 1_000 });
    const sniffed = reuse(challenger.challenge())(1);
    const verdicts = await Promise.all([
      challenger.verify(sniffed, REGISTER, lookup),
      challenger.verify(sniffed, REGISTER, lookup),
    ]);
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
  });

  it('gives two challenges of one millisecond nonces of their own', async () => {
    const challenger = new DigestChallenger({ realm: 'ccc', now: () => 1_000 });
    const [a, b] = [reuse(challenger.challenge()), reuse(challenger.challenge())];
    expect(await challenger.verify(a(1), REGISTER, lookup)).toMatchObject({ ok: true });
    expect(await challenger.verify(b(1), REGISTER, lookup)).toMatchObject({ ok: true });
  });

  it('accepts the nonces of another challenger holding the same secret', async () => {
    const secret = Buffer.alloc(32, 7);
    const nodeA = new DigestChallenger({ realm: 'ccc', now: () => 1_000, secret });
    const nodeB = new DigestChallenger({ realm: 'ccc', now: () => 1_000, secret });
    expect(await nodeB.verify(answer(nodeA, 'secret'), REGISTER, lookup)).toMatchObject({ ok: true });
  });
});

describe('NonceUses', () => {
  it('forgets nonces past their lifetime', () => {
    const uses = new NonceUses(60_000);
    expect(uses.claim('a', 0, 1, 0)).toBe(true);
    expect(uses.claim('b', 50_000, 1, 50_000)).toBe(true);
    expect(uses.size).toBe(2);
    expect(uses.claim('c', 70_000, 1, 70_000)).toBe(true);
    expect(uses.size).toBe(2);
  });

  it('holds at most its cap, and counts an evicted nonce as used rather than new', () => {
    const uses = new NonceUses(60_000, 2);
    expect(uses.claim('a', 1, 1, 10)).toBe(true);
    expect(uses.claim('b', 2, 1, 10)).toBe(true);
    expect(uses.claim('c', 3, 1, 10)).toBe(true);
    expect(uses.size).toBe(2);
    expect(uses.claim('a', 1, 1, 10)).toBe(false);
    expect(uses.claim('a', 1, 2, 10)).toBe(false);
    expect(uses.claim('d', 4, 1, 10)).toBe(true);
  });
});
