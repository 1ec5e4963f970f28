import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineAction } from '../../src/api/action.ts';
import { buildApp } from '../../src/api/app.ts';
import type { IncomingRequest } from '../../src/api/protocol/incomingRequest.ts';
import { slidingWindowLimiter } from '../../src/api/rateLimiter.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/dialer/clock/systemClock.ts';
import { detachedEngine } from '../../src/dialer/engineControl.ts';
import { ErrorCode } from '../../src/domain/errorCodes.ts';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { provisionApplications } from '../../src/store/provision.ts';
import { KEY, NOW, signTc3, signV1 } from '../support/signer.ts';
import { apiBackend, openTestDatabase } from '../support/testDatabase.ts';

const echo = defineAction({
  name: 'EchoTest',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      Count: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      Names: Type.Optional(Type.Array(Type.String())),
      Items: Type.Optional(
        Type.Array(
          Type.Object({ Key: Type.String(), Value: Type.String() }, { additionalProperties: false }),
        ),
      ),
      Flag: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  handler: async (_ctx, input) => ({ Echo: input }),
});

let database: OpenedDatabase;
let app: FastifyInstance;
const config = loadConfig(
  {},
  {
    rateLimit: 3,
    bodyLimitBytes: 4096,
    applications: [{ sdkAppId: 1400000000, name: 'T', account: 't', keys: [KEY] }],
  },
  '/nonexistent',
);

async function send(request: IncomingRequest) {
  const response = await app.inject({
    method: request.method as 'GET' | 'POST',
    url: request.url,
    headers: request.headers as Record<string, string>,
    payload: request.body,
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.json() as { Response: Record<string, any> },
  };
}

function tc3(action: string, body: unknown, extra: Parameters<typeof signTc3>[0] = {}) {
  return signTc3({ host: 'localhost', action, body: JSON.stringify(body), ...extra });
}

beforeAll(async () => {
  database = await openTestDatabase(apiBackend(), 'gateway');
  await provisionApplications(database, config, Date.now());
  app = buildApp({
    services: {
      db: database.db,
      dialect: database.dialect,
      clock: systemClock(),
      config,
      engine: detachedEngine,
    },
    logger: pino({ level: 'silent' }),
    actions: [echo],
    limiter: null,
    realNow: () => NOW * 1000,
  });
});

afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the API gateway', () => {
  it('answers success in the envelope, HTTP 200, content type exactly application/json, trace id echoed', async () => {
    const r = await send(
      tc3('EchoTest', { SdkAppId: 1, Count: 2 }, { headers: { 'x-tc-traceid': 'trace-1' } }),
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-tc-traceid']).toBe('trace-1');
    expect(r.body.Response.Echo).toEqual({ SdkAppId: 1, Count: 2 });
    expect(r.body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('coerces v1 string parameters to the schema types, arrays and nested objects included', async () => {
    const flat = {
      SdkAppId: '1',
      Count: '3',
      'Names.0': 'a',
      'Names.1': 'b',
      'Items.0.Key': 'k',
      'Items.0.Value': 'v',
      Flag: 'true',
    };
    for (const method of ['GET', 'POST'] as const) {
      const r = await send(signV1(flat, { host: 'localhost', method, action: 'EchoTest' }));
      expect(r.body.Response.Echo).toEqual({
        SdkAppId: 1,
        Count: 3,
        Names: ['a', 'b'],
        Items: [{ Key: 'k', Value: 'v' }],
        Flag: true,
      });
    }
    const wrong = await send(signV1({ SdkAppId: 'x1' }, { host: 'localhost', action: 'EchoTest' }));
    expect(wrong.body.Response.Error.Code).toBe(ErrorCode.InvalidParameter);
    expect(wrong.body.Response.Error.Message).toContain('SdkAppId');
  });

  it('refuses an unknown action, a wrong version, and names them', async () => {
    const unknown = await send(tc3('NoSuchThing', { SdkAppId: 1 }));
    expect(unknown.body.Response.Error.Code).toBe(ErrorCode.InvalidAction);
    expect(unknown.body.Response.Error.Message).toContain('NoSuchThing');
    const version = await send(
      tc3('EchoTest', { SdkAppId: 1 }, { headers: { 'x-tc-version': '2017-03-12' } }),
    );
    expect(version.body.Response.Error.Code).toBe(ErrorCode.NoSuchVersion);
  });

  it('maps schema problems to MissingParameter, UnknownParameter, InvalidParameter and InvalidParameterValue', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, ErrorCode.MissingParameter, 'SdkAppId'],
      [{ SdkAppId: 1, Bogus: 1 }, ErrorCode.UnknownParameter, 'Bogus'],
      [{ SdkAppId: 'one' }, ErrorCode.InvalidParameter, 'SdkAppId'],
      [{ SdkAppId: 1, Names: ['a', 2] }, ErrorCode.InvalidParameter, 'Names.1'],
      [{ SdkAppId: 1, Items: [{ Key: 'k', Value: 'v', X: 1 }] }, ErrorCode.UnknownParameter, 'Items.0.X'],
      [{ SdkAppId: 1, Count: 9 }, ErrorCode.InvalidParameterValue, 'Count'],
    ];
    for (const [body, code, field] of cases) {
      const r = await send(tc3('EchoTest', body));
      expect(r.body.Response.Error?.Code, JSON.stringify(body)).toBe(code);
      expect(r.body.Response.Error.Message).toContain(field);
    }
  });

  it('answers in Chinese when X-TC-Language is zh-CN', async () => {
    const r = await send(tc3('EchoTest', {}, { headers: { 'x-tc-language': 'zh-CN' } }));
    expect(r.body.Response.Error.Message).toContain('缺少参数');
  });

  it('refuses a body over the size limit with RequestSizeLimitExceeded, still HTTP 200', async () => {
    const r = await send(tc3('EchoTest', { SdkAppId: 1, Names: ['x'.repeat(8000)] }));
    expect(r.status).toBe(200);
    expect(r.body.Response.Error.Code).toBe(ErrorCode.RequestSizeLimitExceeded);
  });

  it('refuses a body that is not JSON, and a content type it does not speak', async () => {
    const bad = await send(signTc3({ host: 'localhost', action: 'EchoTest', body: '{"SdkAppId": 1,' }));
    expect(bad.body.Response.Error.Code).toBe(ErrorCode.InvalidParameter);
    const xml = await send(
      signTc3({ host: 'localhost', action: 'EchoTest', body: '<x/>', contentType: 'text/xml' }),
    );
    expect(xml.body.Response.Error.Code).toBe(ErrorCode.UnsupportedProtocol);
  });

  it('refuses expired, unknown-key and tampered requests', async () => {
    const expired = await send(
      signTc3({ host: 'localhost', action: 'EchoTest', body: '{}', timestamp: NOW - 301 }),
    );
    expect(expired.body.Response.Error.Code).toBe(ErrorCode.AuthFailureSignatureExpire);
    const unknown = await send(
      signTc3({ host: 'localhost', action: 'EchoTest', body: '{}', secretId: 'AKIDnobody' }),
    );
    expect(unknown.body.Response.Error.Code).toBe(ErrorCode.AuthFailureSecretIdNotFound);
    const tampered = tc3('EchoTest', { SdkAppId: 1 });
    const r = await send({ ...tampered, body: JSON.stringify({ SdkAppId: 2 }) });
    expect(r.body.Response.Error.Code).toBe(ErrorCode.AuthFailureSignatureFailure);
    const { authorization: _dropped, ...unsigned } = tampered.headers;
    const missing = await send({ ...tampered, headers: unsigned });
    expect(missing.body.Response.Error.Code).toBe(ErrorCode.AuthFailureInvalidAuthorization);
  });

  it('limits each account to the configured requests per second per action, over a sliding window', async () => {
    // The clock is fixed, so every request falls in the same window: 3 pass, the 4th is refused.
    const limited = buildApp({
      services: {
        db: database.db,
        dialect: database.dialect,
        clock: systemClock(),
        config,
        engine: detachedEngine,
      },
      logger: pino({ level: 'silent' }),
      actions: [echo],
      limiter: slidingWindowLimiter(3),
      realNow: () => NOW * 1000,
    });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const req = tc3('EchoTest', { SdkAppId: 1 });
      const res = await limited.inject({
        method: 'POST',
        url: '/',
        headers: req.headers as Record<string, string>,
        payload: req.body,
      });
      codes.push(res.json().Response.Error?.Code ?? 'ok');
    }
    await limited.close();
    expect(codes).toEqual(['ok', 'ok', 'ok', ErrorCode.RequestLimitExceeded]);
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('ccc_api_requests_total');
  });
});
