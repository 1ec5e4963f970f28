import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncoming, send, signedTc3 } from '../support/rawHttp.ts';
import { errorCodeOf } from '../support/sdk.ts';
import { signTc3, signV1 } from '../support/signer.ts';
import {
  ACME_APP,
  ACME_KEY,
  ACME_OPERATOR,
  OTHER_OPERATOR,
  startTestServer,
  type TestServer,
  testOperators,
} from '../support/testServer.ts';

/**
 * Everything the server logs, at the most talkative level, while clients sign requests with TC3
 * and v1 (accepted and refused), set an agent's password and sign in to the console (with a key, as
 * an operator of the config, as an agent): none of the secrets that went by may be in it.
 */

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

const AGENT_PASSWORD = 'Agent-Pa55word-8f3e1c';
const WRONG_KEY = 'wrongsecretwrongsecretwrongsec99';

let server: TestServer;
let host: string;
let port: number;
/** Every secret sent or used in this file, as it appears on the wire. */
const secrets = new Set<string>([
  ACME_KEY.secretKey,
  WRONG_KEY,
  AGENT_PASSWORD,
  ACME_OPERATOR.password,
  OTHER_OPERATOR.password,
  ...testOperators().flatMap((o) => (o.passwordHash ? [o.passwordHash] : [])),
]);

beforeAll(async () => {
  // Operators with a plain password and a hashed one: the start warns of the plain one.
  server = await startTestServer(
    { operators: testOperators() },
    { logger: pino({ level: 'trace' }, capture) },
  );
  host = server.endpoint;
  port = Number(host.split(':').at(-1));
});
afterAll(() => server.close());

const now = () => Math.floor(Date.now() / 1000);

/** Sends a raw signed request, remembering its signature and Authorization header as secrets. */
async function sendSigned(request: ReturnType<typeof signedTc3>): Promise<void> {
  for (const [name, value] of request.headers) {
    if (name === 'authorization') {
      secrets.add(value);
      secrets.add(/Signature=([0-9a-f]+)/.exec(value)?.[1] ?? value);
    }
  }
  const signature = new URLSearchParams(request.body.toString('latin1')).get('Signature');
  if (signature) {
    secrets.add(signature);
    secrets.add(encodeURIComponent(signature));
  }
  await send(port, request);
}

describe('the logs', () => {
  it('hold no key, signature, Authorization header or password, whatever was signed and refused', async () => {
    for (const signMethod of ['TC3-HMAC-SHA256', 'HmacSHA256', 'HmacSHA1'] as const) {
      for (const reqMethod of ['POST', 'GET'] as const) {
        await server.sdk({ signMethod, reqMethod }).DescribeNumbers({ SdkAppId: ACME_APP });
        const wrong = server.sdk({ signMethod, reqMethod, key: { ...ACME_KEY, secretKey: WRONG_KEY } });
        expect(await errorCodeOf(wrong.DescribeNumbers({ SdkAppId: ACME_APP }))).toBe(
          'AuthFailure.SignatureFailure',
        );
      }
    }
    await server.sdk().ModifyStaffPassword({
      SdkAppId: ACME_APP,
      Email: 'agent1@1400000000.sim',
      Password: AGENT_PASSWORD,
    });
    // A password refused for its form, and one on a request refused before any handler ran.
    await errorCodeOf(
      server.sdk().ModifyStaffPassword({ SdkAppId: ACME_APP, Email: 'nobody@x.y', Password: AGENT_PASSWORD }),
    );
    await errorCodeOf(
      server.sdk().ModifyStaffPassword({ SdkAppId: ACME_APP, Email: 42, Password: AGENT_PASSWORD }),
    );

    const body = JSON.stringify({ SdkAppId: ACME_APP });
    await sendSigned(signedTc3({ host, key: ACME_KEY, action: 'DescribeNumbers', body }));
    await sendSigned(
      signedTc3({ host, key: ACME_KEY, action: 'DescribeNumbers', body, timestamp: now() - 3600 }),
    );
    await sendSigned(
      signedTc3({ host, key: { ...ACME_KEY, secretKey: WRONG_KEY }, action: 'DescribeNumbers', body }),
    );
    await sendSigned(
      signedTc3({ host, key: { secretId: 'AKIDunknownunknown', secretKey: WRONG_KEY }, action: 'X', body }),
    );
    // Tampered after signing; and an Authorization header the parser cannot read.
    const signed = signedTc3({ host, key: ACME_KEY, action: 'DescribeNumbers', body });
    await sendSigned({ ...signed, body: Buffer.from(JSON.stringify({ SdkAppId: 1400000009 })) });
    await sendSigned({
      ...signed,
      headers: signed.headers.map(([n, v]) => [n, n === 'authorization' ? `${v}, Signature=ff` : v] as const),
    });
    for (const secretKey of [ACME_KEY.secretKey, WRONG_KEY]) {
      await sendSigned(
        fromIncoming(
          signV1(
            { SdkAppId: String(ACME_APP) },
            { method: 'POST', host, secretId: ACME_KEY.secretId, secretKey, timestamp: now() },
          ),
        ),
      );
    }
    const get = signTc3({
      method: 'GET',
      url: `/?SdkAppId=${ACME_APP}`,
      host,
      timestamp: now(),
      ...ACME_KEY,
    });
    await sendSigned(fromIncoming(get));
    // A request the HTTP parser refuses, carrying a valid Authorization header.
    await send(port, {
      ...signed,
      headers: [...signed.headers, ['x-tc-traceid', 'a\rb']],
    });

    const console = `http://${host}/console/api`;
    const post = (path: string, payload: unknown) =>
      fetch(`${console}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ccc-console': '1' },
        body: JSON.stringify(payload),
      });
    expect(
      (await post('/session/supervisor', { SecretId: ACME_KEY.secretId, SecretKey: ACME_KEY.secretKey }))
        .status,
    ).toBe(200);
    expect(
      (await post('/session/supervisor', { SecretId: ACME_KEY.secretId, SecretKey: WRONG_KEY })).status,
    ).not.toBe(200);
    expect(
      (await post('/session/agent', { Mail: 'agent1@1400000000.sim', Password: AGENT_PASSWORD })).status,
    ).toBe(200);
    expect(
      (await post('/session/agent', { Mail: 'agent1@1400000000.sim', Password: `${AGENT_PASSWORD}x` }))
        .status,
    ).not.toBe(200);
    await post('/session/supervisor', {
      SecretId: ACME_KEY.secretId,
      SecretKey: ACME_KEY.secretKey,
      Extra: WRONG_KEY,
    });
    for (const operator of [ACME_OPERATOR, OTHER_OPERATOR]) {
      expect(
        (await post('/session/operator', { Name: operator.name, Password: operator.password })).status,
      ).toBe(200);
      expect(
        (await post('/session/operator', { Name: operator.name, Password: `${operator.password}x` })).status,
      ).toBe(401);
    }
    // Refused by the schema, and a password typed into the name field.
    await post('/session/operator', { Name: ACME_OPERATOR.name, Password: ACME_OPERATOR.password, Extra: 1 });
    expect(
      (await post('/session/operator', { Name: OTHER_OPERATOR.password, Password: OTHER_OPERATOR.password }))
        .status,
    ).toBe(401);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets)
      expect(log.includes(secret), `a secret in the logs: ${secret.slice(0, 12)}…`).toBe(false);
    expect(log).not.toMatch(/TC3-HMAC-SHA256 Credential/);
    expect(log).not.toMatch(/"authorization"/i);
    expect(log).not.toMatch(/\b[0-9a-f]{64}\b/);
    expect(log).not.toMatch(/Signature=/);
    expect(log).not.toMatch(/"(SecretKey|Password|Signature)"/);
    expect(log).toMatch(/plain-text operator password/);
    expect(log).not.toMatch(/scrypt\$/);
  });
});
