import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// Every comparison of a signature or a key goes through constantTimeEqual: spy on it.
vi.mock('../../src/api/protocol/constantTimeEqual.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/api/protocol/constantTimeEqual.ts')>();
  return { constantTimeEqual: vi.fn(original.constantTimeEqual) };
});

const { constantTimeEqual } = await import('../../src/api/protocol/constantTimeEqual.ts');
const { parseRequest } = await import('../../src/api/protocol/parseRequest.ts');
const { verifySignature } = await import('../../src/api/protocol/verifySignature.ts');
const { KEY, NOW, signTc3, signV1 } = await import('../support/signer.ts');
const { startTestServer, ACME_KEY } = await import('../support/testServer.ts');

const spy = vi.mocked(constantTimeEqual);
const lookup = (id: string) =>
  id === KEY.secretId ? { secretKey: KEY.secretKey, enabled: true } : undefined;

/** The signature the request carries, as the verifier must have compared it. */
function sentSignature(req: ReturnType<typeof signTc3>): string {
  const tc3 = /Signature=([0-9a-f]{64})/.exec(req.headers['authorization'] ?? '');
  if (tc3) return tc3[1]!;
  return new URLSearchParams(req.method === 'GET' ? req.url.slice(2) : req.body).get('Signature')!;
}

describe('signatures and keys are compared in constant time', () => {
  it.each([
    ['TC3 POST', () => signTc3({ body: '{"A":1}' })],
    ['TC3 GET', () => signTc3({ method: 'GET', url: '/?A=1' })],
    ['v1 HmacSHA256', () => signV1({ A: '1' })],
    ['v1 HmacSHA1 POST', () => signV1({ A: '1' }, { method: 'POST', signatureMethod: 'HmacSHA1' })],
  ])('%s: a valid and a wrong signature both go through constantTimeEqual', (_, sign) => {
    const valid = sign();
    spy.mockClear();
    verifySignature(parseRequest(valid), valid, lookup, NOW);
    expect(spy.mock.calls.some(([, actual]) => actual === sentSignature(valid))).toBe(true);

    const wrong = sign();
    const tampered = { ...wrong, headers: { ...wrong.headers, host: 'elsewhere:1' } };
    spy.mockClear();
    expect(() => verifySignature(parseRequest(tampered), tampered, lookup, NOW)).toThrow(/signature/);
    // A wrong signature is compared with every candidate, never rejected by a shortcut.
    expect(spy).toHaveBeenCalled();
    for (const [expected, actual] of spy.mock.calls) {
      expect(actual).toBe(sentSignature(wrong));
      expect(expected.length).toBe(actual.length);
    }
  });

  it('the console checks a supervisor’s SecretKey with it too, known SecretId or not', async () => {
    const server = await startTestServer();
    try {
      const signIn = (secretId: string, secretKey: string) =>
        fetch(`http://${server.endpoint}/console/api/session/supervisor`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ccc-console': '1' },
          body: JSON.stringify({ SecretId: secretId, SecretKey: secretKey }),
        });
      for (const [id, key] of [
        [ACME_KEY.secretId, 'not-the-key-at-all-0000000000000'],
        ['AKIDnobodynobodynobody', 'not-the-key-at-all-0000000000000'],
      ]) {
        spy.mockClear();
        expect((await signIn(id!, key!)).status).not.toBe(200);
        expect(spy).toHaveBeenCalledWith(expect.any(String), key);
      }
    } finally {
      await server.close();
    }
  });

  it('rests on crypto.timingSafeEqual, never on a comparison that stops at the first difference', () => {
    const source = readFileSync(
      new URL('../../src/api/protocol/constantTimeEqual.ts', import.meta.url),
      'utf8',
    );
    const body = source.slice(source.indexOf('export function constantTimeEqual'));
    expect(body).toMatch(/timingSafeEqual\(a, b\)/);
    expect(body).not.toMatch(
      /expected\s*[!=]==\s*actual|actual\s*[!=]==\s*expected|localeCompare|startsWith/,
    );
  });

  it('takes as long to refuse a signature wrong in its first digit as one wrong in its last', () => {
    const a = 'a'.repeat(64);
    const first = `b${'a'.repeat(63)}`;
    const last = `${'a'.repeat(63)}b`;
    const time = (other: string) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 2_000; i++) constantTimeEqual(a, other);
      return Number(process.hrtime.bigint() - start);
    };
    // Warm up, then take the fastest of many short rounds, the two kinds taken in turn: being
    // descheduled only adds time, so the minimum is what the code costs. Only a gross difference
    // (an early exit) would show against the noise of a shared machine, and that is the point.
    time(first);
    time(last);
    let bestFirst = Number.POSITIVE_INFINITY;
    let bestLast = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 200; round++) {
      bestFirst = Math.min(bestFirst, time(first));
      bestLast = Math.min(bestLast, time(last));
    }
    const ratio = bestFirst / bestLast;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
