import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceParams } from '../../../src/api/protocol/coerceParams.ts';
import type { IncomingRequest } from '../../../src/api/protocol/incomingRequest.ts';
import { requestLanguage } from '../../../src/api/protocol/language.ts';
import { isForbiddenName } from '../../../src/api/protocol/paramNameRules.ts';
import { parseRequest } from '../../../src/api/protocol/parseRequest.ts';
import { unflattenParams } from '../../../src/api/protocol/unflattenParams.ts';
import { verifySignature } from '../../../src/api/protocol/verifySignature.ts';
import { Failure } from '../../../src/domain/failure.ts';
import { KEY, NOW, signTc3, signV1 } from '../../support/signer.ts';
import { loadVectors, toIncoming } from './vectorFixtures.ts';

const vectors = loadVectors();
/** The vectors' key pair and the test signer's. */
const keys = new Map([
  [vectors[0]!.secretId, vectors[0]!.secretKey],
  [KEY.secretId, KEY.secretKey],
]);
const lookup = (id: string) => {
  const secretKey = keys.get(id);
  return secretKey === undefined ? undefined : { secretKey, enabled: true };
};

/** Runs the whole protocol layer; anything thrown that is not a Failure escapes and fails the property. */
function authenticate(req: IncomingRequest, now: number): void {
  try {
    requestLanguage(req);
    verifySignature(parseRequest(req), req, lookup, now);
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
  }
}

/** Strings rich in the characters the protocol treats specially. */
const protocolText = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'=&.%+?;,/ :[]{}"\\0123456789abcdefxyzA'.split('')) }),
  fc.constantFrom(
    '',
    'null',
    '__proto__',
    'constructor',
    'TC3-HMAC-SHA256',
    'application/json',
    '%ZZ',
    '%E4%B8',
  ),
  fc.string({ unit: 'binary' }),
);

const headerName = fc.constantFrom(
  'authorization',
  'content-type',
  'host',
  'x-tc-action',
  'x-tc-version',
  'x-tc-timestamp',
  'x-tc-region',
  'x-tc-language',
  'x-tc-token',
);

const arbitraryRequest: fc.Arbitrary<IncomingRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'get', ''),
  url: fc.oneof(
    protocolText,
    protocolText.map((q) => `/?${q}`),
  ),
  headers: fc.dictionary(headerName, fc.option(protocolText, { nil: undefined })),
  body: fc.oneof(
    protocolText,
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  ),
});

type Mutation = (req: IncomingRequest, text: string, position: number) => IncomingRequest;

const mutations: Mutation[] = [
  (req, text, at) => ({ ...req, body: req.body.slice(0, at % (req.body.length + 1)) + text }),
  (req, _text, at) => ({ ...req, body: req.body.slice(0, at % (req.body.length + 1)) }),
  (req, text, at) => ({ ...req, url: req.url.slice(0, at % (req.url.length + 1)) + text }),
  (req, text, at) => {
    const cut = at % (req.url.length + 1);
    return { ...req, url: req.url.slice(0, cut) + text + req.url.slice(cut) };
  },
  (req, text, at) => {
    const names = Object.keys(req.headers);
    const name = names[at % Math.max(names.length, 1)] ?? 'host';
    return { ...req, headers: { ...req.headers, [name]: text } };
  },
  (req, _text, at) => {
    const names = Object.keys(req.headers);
    const name = names[at % Math.max(names.length, 1)] ?? 'host';
    return { ...req, headers: { ...req.headers, [name]: undefined } };
  },
  (req, text, at) => {
    const value = req.headers['authorization'] ?? '';
    const cut = at % (value.length + 1);
    return {
      ...req,
      headers: { ...req.headers, authorization: value.slice(0, cut) + text + value.slice(cut + 1) },
    };
  },
];

describe('properties: hostile input only ever yields a Failure', () => {
  it('holds for arbitrary requests', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.integer({ min: 0, max: 4_000_000_000 }), (req, now) => {
        authenticate(req, now);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for captured requests mutated at random', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...vectors),
        fc.array(fc.tuple(fc.integer({ min: 0, max: mutations.length - 1 }), protocolText, fc.nat()), {
          minLength: 1,
          maxLength: 4,
        }),
        (vector, steps) => {
          const original = toIncoming(vector);
          const mutated = steps.reduce(
            (req, [which, text, at]) => mutations[which]!(req, text, at),
            original,
          );
          authenticate(mutated, vector.now);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('holds for unflatten, and Object.prototype stays clean', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '0',
        '1',
        '2',
        '01',
        '99999999',
        '',
        '__proto__',
        'constructor',
        'prototype',
        'Key',
        'Callees',
      ),
      fc.string({ maxLength: 4 }),
    );
    const name = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string()), { maxLength: 12 }), (entries) => {
        const flat: Record<string, string> = Object.create(null);
        for (const [key, value] of entries) flat[key] = value;
        try {
          unflattenParams(flat);
        } catch (error) {
          if (!(error instanceof Failure)) throw error;
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for coercion of arbitrary values', () => {
    const schema = Type.Object({
      A: Type.Integer(),
      B: Type.Optional(Type.Array(Type.Object({ C: Type.Number(), D: Type.Boolean() }))),
      E: Type.Union([Type.Literal(0), Type.Literal(1), Type.String()]),
    });
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('', '1', '-0', '1.5', 'true', 'False', '1e3', '9'.repeat(30)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'x'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        try {
          coerceParams(schema, input);
        } catch (error) {
          if (!(error instanceof Failure)) throw error;
          expect(error.code).toBe('InvalidParameter');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('properties: what an honest client signs verifies', () => {
  const flatParams = fc.dictionary(
    fc
      .stringMatching(/^[A-Z][A-Za-z]{0,8}$/)
      .filter(
        (name) =>
          ![
            'Action',
            'Version',
            'Nonce',
            'Timestamp',
            'Signature',
            'SignatureMethod',
            'SecretId',
            'Region',
            'Token',
            'Language',
            'RequestClient',
          ].includes(name),
      ),
    fc.string(),
    { maxKeys: 6 },
  );

  it('for v1, over GET and POST, HmacSHA1 and HmacSHA256, whatever the values', () => {
    fc.assert(
      fc.property(
        flatParams,
        fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>,
        fc.constantFrom('HmacSHA1', 'HmacSHA256') as fc.Arbitrary<'HmacSHA1' | 'HmacSHA256'>,
        (params, method, signatureMethod) => {
          const req = signV1(params, { method, signatureMethod });
          const parsed = parseRequest(req);
          verifySignature(parsed, req, lookup, NOW);
          expect(parsed.params).toEqual(params);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for TC3 POST, whatever the JSON body, and TC3 GET, whatever the query', () => {
    fc.assert(
      fc.property(
        // Integers past 2^53 and reserved names (`__proto__`, …) are refused before the signature
        // is checked (jsonSourceRules.ts, jsonBody.ts); hostile tests cover those refusals.
        fc
          .dictionary(fc.stringMatching(/^[A-Z][a-z]{0,6}$/), fc.jsonValue(), { maxKeys: 5 })
          .filter((body) => !hasUnsafeInteger(body) && !hasReservedName(body)),
        (body) => {
          const req = signTc3({ body: JSON.stringify(body) });
          verifySignature(parseRequest(req), req, lookup, NOW);
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(flatParams, (params) => {
        const query = new URLSearchParams(params).toString();
        const req = signTc3({ method: 'GET', url: `/?${query}` });
        verifySignature(parseRequest(req), req, lookup, NOW);
      }),
      { numRuns: 300 },
    );
  });
});

function hasReservedName(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value) && Object.keys(value).some(isForbiddenName)) return true;
  return Object.values(value).some(hasReservedName);
}

function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasUnsafeInteger);
}
