import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/api/protocol/parseRequest.ts';
import { verifySignature } from '../../../src/api/protocol/verifySignature.ts';
import { Failure } from '../../../src/domain/failure.ts';
import { failureOf } from './failureOf.ts';
import { loadVectors, toIncoming, type Vector } from './vectorFixtures.ts';

const vectors = loadVectors();

/** Parses and authenticates like the gateway will; returns the refusal's code, or 'valid'. */
function replay(vector: Vector): string {
  const req = toIncoming(vector);
  try {
    const parsed = parseRequest(req);
    const lookup = (id: string) =>
      id === vector.secretId ? { secretKey: vector.secretKey, enabled: true } : undefined;
    verifySignature(parsed, req, lookup, vector.now);
    return 'valid';
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    // A refusal after authentication (e.g. of a parameter) is the action's business, not the vector's.
    return vector.expect === 'valid' && !error.code.startsWith('AuthFailure.') ? 'valid' : error.code;
  }
}

describe('signature vectors captured from the official SDKs', () => {
  it('holds the 88 valid and 192 refused requests the README announces', () => {
    expect(vectors.filter((v) => v.expect === 'valid')).toHaveLength(88);
    expect(vectors.filter((v) => v.expect !== 'valid')).toHaveLength(192);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    expect(replay(vector)).toBe(vector.expect);
  });

  it('parses and verifies every valid vector completely, without even a non-auth refusal', () => {
    const outcomes = vectors
      .filter((v) => v.expect === 'valid')
      .map((v) => replay({ ...v, expect: 'strict' }));
    expect(new Set(outcomes)).toEqual(new Set(['valid']));
  });

  it('refuses every vector with SecretIdNotFound when its key is unknown or disabled', () => {
    for (const vector of vectors.filter((v) => v.expect === 'valid')) {
      const req = toIncoming(vector);
      for (const lookup of [() => undefined, () => ({ secretKey: vector.secretKey, enabled: false })]) {
        expect(failureOf(() => verifySignature(parseRequest(req), req, lookup, vector.now)).code).toBe(
          'AuthFailure.SecretIdNotFound',
        );
      }
    }
  });

  it('refuses every valid vector replayed 301 seconds late with SignatureExpire', () => {
    const late = vectors
      .filter((v) => v.expect === 'valid')
      .map((v) => replay({ ...v, now: v.now + 301, expect: 'late' }));
    expect(new Set(late)).toEqual(new Set(['AuthFailure.SignatureExpire']));
  });

  it('accepts every valid vector replayed 300 seconds early or late', () => {
    const skewed = vectors
      .filter((v) => v.expect === 'valid')
      .flatMap((v) => [replay({ ...v, now: v.now + 300 }), replay({ ...v, now: v.now - 300 })]);
    expect(new Set(skewed)).toEqual(new Set(['valid']));
  });
});
