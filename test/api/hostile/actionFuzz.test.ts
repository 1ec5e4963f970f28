import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allActions } from '../../../src/api/actions/index.ts';
import { codeOf, envelopeProblems } from '../../support/envelopeCheck.ts';
import { fromIncoming, type RawRequest, send, signedTc3 } from '../../support/rawHttp.ts';
import { signTc3, signV1 } from '../../support/signer.ts';
import { ACME_KEY, OTHER_KEY, startTestServer, type TestServer } from '../../support/testServer.ts';
import { parametersFor } from './schemaArbitrary.ts';

/**
 * Every action, through a listening server, with parameters drawn from its own schema (so that most
 * get past validation into the handler and the database) and then some: signed honestly with
 * TC3 (JSON POST, GET) or v1 (form POST), or signed and then damaged. Whatever arrives, the answer
 * is the envelope with a code from the catalogue, and never an internal error: a value the
 * service cannot handle is the client's mistake to be told of, not a fault of ours.
 */

let server: TestServer;
let port: number;
afterAll(() => {});

beforeAll(async () => {
  server = await startTestServer();
  port = Number(server.endpoint.split(':').at(-1));
});
afterAll(() => server.close());

type Scheme = 'TC3' | 'TC3 GET' | 'v1';

/** `{a: [1, {b: 2}]}` → `a.0=1`, `a.1.b=2`: how the SDKs flatten parameters for v1 and TC3 GET. */
function flatten(value: unknown, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) flatten(item, `${prefix}.${i}`, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      flatten(item, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (prefix !== '') {
    into[prefix.replace(/^\./, '')] = value === null ? '' : String(value);
  }
  return into;
}

function signed(action: string, params: unknown, scheme: Scheme, key = ACME_KEY): RawRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  const host = server.endpoint;
  switch (scheme) {
    case 'TC3':
      return signedTc3({ host, key, action, body: JSON.stringify(params) });
    case 'TC3 GET':
      return fromIncoming(
        signTc3({
          method: 'GET',
          url: `/?${new URLSearchParams(flatten(params)).toString()}`,
          host,
          action,
          timestamp,
          service: 'ccc',
          secretId: key.secretId,
          secretKey: key.secretKey,
        }),
      );
    case 'v1':
      return fromIncoming(
        signV1(flatten(params), {
          method: 'POST',
          host,
          action,
          timestamp,
          secretId: key.secretId,
          secretKey: key.secretKey,
        }),
      );
  }
}

async function answerProblems(request: RawRequest): Promise<string[]> {
  const response = await send(port, request);
  const problems = envelopeProblems(response);
  if (problems.length === 0 && codeOf(response).startsWith('InternalError')) {
    problems.push(`internal error: ${response.body}`);
  }
  return problems;
}

const scheme = fc.constantFrom<Scheme>('TC3', 'TC3', 'TC3 GET', 'v1');

describe('every action fuzzed through a listening server', () => {
  it.each(allActions.map((action) => [action.name, action] as const))(
    '%s answers every signed request with the envelope, never an internal error',
    async (name, action) => {
      await fc.assert(
        fc.asyncProperty(
          parametersFor(action.input),
          scheme,
          fc.integer({ min: 0, max: 9 }),
          async (params, how, keyDraw) => {
            const problems = await answerProblems(
              signed(name, params, how, keyDraw === 0 ? OTHER_KEY : ACME_KEY),
            );
            expect(problems, JSON.stringify({ how, params }).slice(0, 2000)).toEqual([]);
          },
        ),
        { numRuns: 30 },
      );
    },
  );

  it('answers requests damaged after signing with the envelope, never an internal error', async () => {
    const actions = allActions.map((a) => a);
    const damage = fc.oneof(
      // A byte changed, cut off, or inserted, anywhere in the request, head included.
      fc.tuple(fc.constant('flip' as const), fc.nat(), fc.integer({ min: 0, max: 255 })),
      fc.tuple(fc.constant('cut' as const), fc.nat(), fc.constant(0)),
      fc.tuple(fc.constant('insert' as const), fc.nat(), fc.integer({ min: 0, max: 255 })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...actions)
          .chain((action) => fc.tuple(fc.constant(action.name), parametersFor(action.input), scheme, damage)),
        async ([name, params, how, [kind, at, byte]]) => {
          const request = signed(name, params, how);
          const body = Buffer.from(request.body);
          const position = body.length === 0 ? 0 : at % body.length;
          const damaged =
            kind === 'flip'
              ? Buffer.concat([body.subarray(0, position), Buffer.from([byte]), body.subarray(position + 1)])
              : kind === 'cut'
                ? body.subarray(0, position)
                : Buffer.concat([body.subarray(0, position), Buffer.from([byte]), body.subarray(position)]);
          const problems = await answerProblems({ ...request, body: damaged });
          expect(problems, JSON.stringify({ name, how, kind, position })).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
