import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, envelopeOf, envelopeProblems } from '../../support/envelopeCheck.ts';
import {
  exchange,
  fromIncoming,
  type RawRequest,
  type RawResponse,
  send,
  signedTc3,
} from '../../support/rawHttp.ts';
import { signTc3, signV1 } from '../../support/signer.ts';
import { ACME_APP, ACME_KEY, startTestServer, type TestServer } from '../../support/testServer.ts';
import { seedExample } from '../campaigns/campaignSupport.ts';

/**
 * What a hostile client can send to `/` over a real socket — bytes that are not UTF-8, absurd
 * nesting, sizes within and past the limit, numbers JSON cannot hold, prototype keys, repeated
 * names, foreign content types, CR/LF where they do not belong, requests that never finish — and
 * what it gets: the envelope with the right code, a server that keeps serving, bounded memory.
 */

const REQUEST_TIMEOUT_MS = 1000;
const BODY_LIMIT = 1 << 20;

let server: TestServer;
let port: number;
let host: string;

beforeAll(async () => {
  server = await startTestServer({ requestTimeoutMs: REQUEST_TIMEOUT_MS, bodyLimitBytes: BODY_LIMIT });
  host = server.endpoint;
  port = Number(host.split(':').at(-1));
});
afterAll(() => server.close());

const now = () => Math.floor(Date.now() / 1000);
const tc3 = (action: string, body: Buffer | string, extra: Partial<Parameters<typeof signedTc3>[0]> = {}) =>
  signedTc3({ host, key: ACME_KEY, action, body, ...extra });
const v1 = (action: string, params: Record<string, string>) =>
  fromIncoming(
    signV1(params, {
      method: 'POST',
      host,
      action,
      timestamp: now(),
      secretId: ACME_KEY.secretId,
      secretKey: ACME_KEY.secretKey,
    }),
  );
const tc3Get = (action: string, query: string) =>
  fromIncoming(
    signTc3({
      method: 'GET',
      url: `/?${query}`,
      host,
      action,
      timestamp: now(),
      service: 'ccc',
      secretId: ACME_KEY.secretId,
      secretKey: ACME_KEY.secretKey,
    }),
  );

async function answer(
  request: RawRequest,
): Promise<{ code: string; message: string; response: RawResponse }> {
  const response = await send(port, request);
  const envelope = envelopeOf(response);
  return { code: codeOf(response), message: envelope.Response.Error?.Message ?? '', response };
}

async function stillServes(): Promise<void> {
  const { code } = await answer(tc3('DescribeNumbers', JSON.stringify({ SdkAppId: ACME_APP })));
  expect(code).toBe('Success');
}

describe('hostile bodies', () => {
  it('refuses a body that is not UTF-8 with InvalidParameter, though its signature is right', async () => {
    const body = Buffer.concat([
      Buffer.from('{"SdkAppId":1400000000,"X":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    expect(await answer(tc3('DescribeNumbers', body))).toMatchObject({
      code: 'InvalidParameter',
      message: 'The request body is not valid UTF-8.',
    });
    const form = Buffer.concat([Buffer.from('Action=DescribeNumbers&X='), Buffer.from([0xc0, 0x80])]);
    const request: RawRequest = {
      method: 'POST',
      url: '/',
      headers: [
        ['host', host],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body: form,
    };
    expect((await answer(request)).code).toBe('InvalidParameter');
  });

  it('refuses 10,000 nested arrays or objects, in JSON, v1 and TC3 GET, without overflowing', async () => {
    const arrays = `{"SdkAppId":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const objects = `{"SdkAppId":1400000000,"Deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    for (const body of [arrays, objects]) {
      const { code, message } = await answer(tc3('DescribeNumbers', body));
      expect(code).toBe('InvalidParameter');
      expect(message).toContain('nested deeper than');
    }
    const name = Array.from({ length: 10_000 }, () => 'a').join('.');
    expect((await answer(v1('DescribeNumbers', { [name]: '1' }))).code).toBe('InvalidParameter');
    // A query must fit in the 16 KiB of headers: 5,000 levels do.
    expect((await answer(tc3Get('DescribeNumbers', `${name.slice(0, 9_999)}=1`))).code).toBe(
      'InvalidParameter',
    );
    await stillServes();
  });

  it('refuses numbers JSON.parse would round — never reading them as some other id', async () => {
    const cases: Array<[string, string]> = [
      ['1e30', 'InvalidParameterValue'],
      ['12345678901234567890', 'InvalidParameterValue'],
      ['-9007199254740993', 'InvalidParameterValue'],
      ['1e400', 'InvalidParameterValue'],
      // The next integer tenant up; what JSON.parse makes of it is 1400000009 exactly.
      ['1400000008.99999999999', 'InvalidParameter'],
      ['1400000000.0000000001', 'InvalidParameter'],
    ];
    for (const [literal, expected] of cases) {
      const { code, message } = await answer(tc3('DescribeNumbers', `{"SdkAppId":${literal}}`));
      expect(code, literal).toBe(expected);
      expect(message, literal).toContain('`SdkAppId`');
      expect(message, literal).not.toContain('does not exist');
    }
    const campaign = await answer(
      tc3('DescribePredictiveDialingCampaign', `{"SdkAppId":1400000000,"CampaignId":9007199254740993}`),
    );
    expect(campaign.code).toBe('InvalidParameterValue');
    for (const scheme of [
      v1,
      (a: string, p: Record<string, string>) => tc3Get(a, new URLSearchParams(p).toString()),
    ]) {
      for (const value of ['1e30', '12345678901234567890', '1400000008.99999999999']) {
        expect((await answer(scheme('DescribeNumbers', { SdkAppId: value }))).code, value).toBe(
          'InvalidParameter',
        );
      }
    }
    // Exact forms of a safe integer are the integer.
    expect((await answer(tc3('DescribeNumbers', '{"SdkAppId":14000000e2}'))).code).toBe('Success');
  });

  it('refuses __proto__, constructor and prototype keys anywhere, and Object.prototype stays clean', async () => {
    const bodies = [
      '{"SdkAppId":1400000000,"__proto__":{"polluted":1}}',
      '{"SdkAppId":1400000000,"Staffs":[{"constructor":{"prototype":{"polluted":1}}}]}',
      '{"SdkAppId":1400000000,"prototype":1}',
    ];
    for (const body of bodies)
      expect((await answer(tc3('CreateStaff', body))).code, body).toBe('InvalidParameter');
    for (const params of [
      { ['__proto__']: 'x' },
      { 'Staffs.0.__proto__.polluted': '1' },
      { 'constructor.prototype': '1' },
    ]) {
      const flat = Object.fromEntries(Object.entries(params));
      expect((await answer(v1('CreateStaff', { SdkAppId: '1400000000', ...flat }))).code).toBe(
        'InvalidParameter',
      );
      expect((await answer(tc3Get('CreateStaff', new URLSearchParams(flat).toString()))).code).toBe(
        'InvalidParameter',
      );
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('refuses the NUL character in any value, naming the field, and takes no key with one in its id', async () => {
    // PostgreSQL cannot hold or compare U+0000: sent on, it failed the query (InternalError.DBError).
    const create = seedExample(now(), { Callees: ['+8613012345678', '+86130123\u000045679'] });
    const refused = await answer(tc3('CreatePredictiveDialingCampaign', JSON.stringify(create)));
    expect(refused.code).toBe('InvalidParameterValue');
    expect(refused.message).toContain('`Callees.1`');
    const listed = await answer(
      tc3(
        'DescribePredictiveDialingCampaigns',
        JSON.stringify({ SdkAppId: ACME_APP, PageSize: 10, PageNumber: 0, Name: 'a\u0000' }),
      ),
    );
    expect(listed.code).toBe('InvalidParameterValue');
    expect(listed.message).toContain('`Name`');
    const form = await answer(
      v1('DescribePredictiveDialingCampaigns', {
        SdkAppId: String(ACME_APP),
        PageSize: '10',
        PageNumber: '0',
        Name: 'a\u0000',
      }),
    );
    expect(form.code).toBe('InvalidParameterValue');
    expect(form.message).toContain('`Name`');
    const stranger = await answer(
      fromIncoming(
        signV1(
          { SdkAppId: String(ACME_APP) },
          {
            method: 'POST',
            host,
            action: 'DescribeNumbers',
            timestamp: now(),
            secretId: 'AKID\u0000x',
            secretKey: 'k',
          },
        ),
      ),
    );
    expect(stranger.code).toBe('AuthFailure.SecretIdNotFound');
    await stillServes();
  });

  it('refuses a name given twice, in JSON at any depth, in a form and in a query', async () => {
    const top = await answer(tc3('DescribeNumbers', '{"SdkAppId":1400000009,"SdkAppId":1400000000}'));
    expect(top).toMatchObject({
      code: 'InvalidParameter',
      message: 'Parameter `SdkAppId` appears more than once.',
    });
    const nested = await answer(
      tc3(
        'SetStaffStatus',
        '{"SdkAppId":1400000000,"StaffStatusList":[{"StaffUserId":"a","StaffUserId":"b"}]}',
      ),
    );
    expect(nested.message).toContain('`StaffStatusList.0.StaffUserId`');
    const form: RawRequest = {
      ...v1('DescribeNumbers', { SdkAppId: '1400000000' }),
    };
    const twice = { ...form, body: Buffer.concat([form.body, Buffer.from('&SdkAppId=1400000009')]) };
    expect((await answer(twice)).code).toBe('InvalidParameter');
    expect((await answer(tc3Get('DescribeNumbers', 'SdkAppId=1&SdkAppId=2'))).code).toBe('InvalidParameter');
  });

  it('answers huge arrays and strings within the body limit on their merits, past it with RequestSizeLimitExceeded', async () => {
    const callees = Array.from({ length: 50_000 }, (_, i) => `+86130${String(i).padStart(8, '0')}`);
    const create = {
      SdkAppId: ACME_APP,
      Name: 'Huge',
      Callees: callees,
      Callers: ['0086075586013388'],
      CallOrder: 0,
      SkillGroupId: 255,
      Priority: 3,
      ExpectedAbandonRate: 10,
      RetryInterval: 600,
      StartTime: now() + 3600,
      EndTime: now() + 7200,
    };
    const body = JSON.stringify(create);
    expect(body.length).toBeLessThan(BODY_LIMIT);
    expect((await answer(tc3('CreatePredictiveDialingCampaign', body))).code).toBe(
      'LimitExceeded.OutOfCountLimit',
    );
    const longName = JSON.stringify({
      ...create,
      Callees: ['+8613012345678'],
      Name: 'n'.repeat(BODY_LIMIT - 1000),
    });
    expect((await answer(tc3('CreatePredictiveDialingCampaign', longName))).code).toBe(
      'InvalidParameterValue',
    );
    for (const size of [BODY_LIMIT + 1, 8 * BODY_LIMIT]) {
      const tooBig = JSON.stringify({ SdkAppId: ACME_APP, Pad: 'p'.repeat(size) });
      expect((await answer(tc3('DescribeNumbers', tooBig))).code).toBe('RequestSizeLimitExceeded');
    }
    const manyPairs = Array.from({ length: 120_000 }, (_, i) => `Callees.${i}=%2B8613012345678`).join('&');
    const form: RawRequest = {
      method: 'POST',
      url: '/',
      headers: [
        ['host', host],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body: Buffer.from(manyPairs),
    };
    expect((await answer(form)).code).toBe('RequestSizeLimitExceeded');
    await stillServes();
  });
});

describe('hostile framing', () => {
  it('answers foreign content types and encodings with UnsupportedProtocol', async () => {
    const body = JSON.stringify({ SdkAppId: ACME_APP });
    for (const contentType of [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/jsonx',
    ]) {
      expect((await answer(tc3('DescribeNumbers', body, { contentType }))).code, contentType).toBe(
        'UnsupportedProtocol',
      );
    }
    const unsigned: RawRequest = {
      method: 'POST',
      url: '/',
      headers: [['host', host]],
      body: Buffer.from(body),
    };
    expect((await answer(unsigned)).code).toBe('UnsupportedProtocol');
    const gzip = tc3('DescribeNumbers', body, { headers: [['content-encoding', 'gzip']] });
    expect((await answer(gzip)).code).toBe('UnsupportedProtocol');
    expect(
      (await answer(tc3('DescribeNumbers', body, { contentType: 'application/json; charset=utf-8' }))).code,
    ).toBe('Success');
  });

  it('answers any other method on / with UnsupportedProtocol, in the envelope', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const request = { ...tc3('DescribeNumbers', '{}'), method };
      expect((await answer(request)).code, method).toBe('UnsupportedProtocol');
    }
  });

  it('answers CR or LF inside a header with the envelope and closes; nothing it sends reaches our headers', async () => {
    const signed = tc3('DescribeNumbers', JSON.stringify({ SdkAppId: ACME_APP }));
    const head = (trace: string) =>
      Buffer.concat([
        Buffer.from(
          `POST / HTTP/1.1\r\n${signed.headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n`,
          'latin1',
        ),
        Buffer.from(
          `x-tc-traceid: ${trace}\r\ncontent-length: ${signed.body.length}\r\nconnection: close\r\n\r\n`,
          'latin1',
        ),
        signed.body,
      ]);
    for (const trace of ['abc\rx-injected: 1', 'abc\nx-injected: 1', 'abc\r\n x-injected: 1', 'a\x00b']) {
      const response = await exchange(port, head(trace));
      expect(envelopeProblems(response), JSON.stringify(trace)).toEqual([]);
      expect(response.headers['x-injected'], JSON.stringify(trace)).toBeUndefined();
      expect(response.closed).toBe(true);
    }
    const echoed = await exchange(port, head('trace-\xe9-1'));
    expect(codeOf(echoed)).toBe('Success');
    expect(echoed.headers['x-tc-traceid']).toBe('trace-\xe9-1');
    await stillServes();
  });

  it('answers unreadable HTTP and oversized headers with the envelope', async () => {
    const cases: Array<[string, string]> = [
      ['HELLO\r\n\r\n', 'UnsupportedProtocol'],
      [
        `POST / HTTP/1.1\r\nhost: ${host}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n\r\n`,
        'UnsupportedProtocol',
      ],
      [
        `GET / HTTP/1.1\r\nhost: ${host}\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
        'RequestSizeLimitExceeded',
      ],
      [`GET /?${'a'.repeat(64 * 1024)} HTTP/1.1\r\nhost: ${host}\r\n\r\n`, 'RequestSizeLimitExceeded'],
    ];
    for (const [bytes, code] of cases) {
      const response = await exchange(port, bytes);
      expect(codeOf(response), bytes.slice(0, 40)).toBe(code);
    }
  });
});

describe('slow clients', () => {
  /** Opens a connection that sends `bytes` one at a time, `everyMs` apart; resolves when the server closes it. */
  function trickle(bytes: string, everyMs: number): Promise<{ afterMs: number; received: string }> {
    return new Promise((resolve) => {
      const started = Date.now();
      let received = '';
      let sent = 0;
      const socket = net.connect(port, '127.0.0.1');
      const timer = setInterval(() => {
        if (sent < bytes.length && !socket.destroyed) socket.write(bytes[sent++]!);
      }, everyMs);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ afterMs: Date.now() - started, received });
      });
    });
  }

  const openConnections = () =>
    new Promise<number>((resolve, reject) =>
      server.runtime.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );

  it('cuts off a request that trickles in, headers or body, and one that never says anything', async () => {
    const bound = REQUEST_TIMEOUT_MS * 3;
    const headers = await trickle(
      `POST / HTTP/1.1\r\nhost: ${host}\r\nx-slow: ${'s'.repeat(200)}\r\n\r\n`,
      50,
    );
    expect(headers.afterMs).toBeLessThan(bound);
    const body = await trickle(
      `POST / HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n${'{'.repeat(500)}`,
      20,
    );
    expect(body.afterMs).toBeLessThan(bound);
    const silent = await trickle('', 1000);
    expect(silent.afterMs).toBeLessThan(bound);
    for (const cut of [headers, body]) {
      // Cut with an answer the SDKs can read, when there is a request to answer at all.
      expect(cut.received).toContain('"Code":"UnsupportedProtocol"');
    }
  });

  it('keeps serving others while 100 slow clients hang on, and lets go of every one of them', async () => {
    const before = await openConnections();
    const slow = Array.from({ length: 100 }, () =>
      trickle(`POST / HTTP/1.1\r\nhost: ${host}\r\nx-slow: ${'s'.repeat(1000)}\r\n\r\n`, 25),
    );
    await stillServes();
    const cut = await Promise.all(slow);
    expect(Math.max(...cut.map((c) => c.afterMs))).toBeLessThan(REQUEST_TIMEOUT_MS * 4);
    expect(await openConnections()).toBeLessThanOrEqual(before);
    await stillServes();
  });
});

describe('a flood of hostile requests', () => {
  const hostileRequest: fc.Arbitrary<RawRequest> = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 2000 }).map((text) => tc3('DescribeNumbers', text)),
    fc
      .uint8Array({ maxLength: 4000 })
      .map((bytes) => tc3('CreatePredictiveDialingCampaign', Buffer.from(bytes))),
    fc
      .jsonValue({ maxDepth: 4 })
      .map((value) => tc3('DescribePredictiveDialingCampaigns', JSON.stringify(value))),
    fc
      .nat({ max: 200 })
      .map((depth) => tc3('CreateStaff', `{"Staffs":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
    fc
      .dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
      .map((params) => v1('DescribeTelCdr', params)),
    fc.string({ maxLength: 300 }).map((query) => tc3Get('DescribeStaffInfoList', query)),
    fc.uint8Array({ maxLength: 500 }).map(
      (bytes): RawRequest => ({
        method: 'POST',
        url: '/',
        headers: [
          ['host', host],
          ['content-type', 'application/x-www-form-urlencoded'],
        ],
        body: Buffer.from(bytes),
      }),
    ),
  );

  async function flood(requests: readonly RawRequest[]): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const response = await send(port, requests[next++]!);
        problems.push(...envelopeProblems(response));
        if (response.status === 200 && codeOf(response).startsWith('InternalError'))
          problems.push(response.body);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return problems;
  }

  it('answers every one with the envelope, holds its memory, and serves a valid request after', async () => {
    const batch = () => fc.sample(hostileRequest, 1500);
    const rssBefore = process.memoryUsage().rss;
    expect(await flood(batch())).toEqual([]);
    const rssAfterFirst = process.memoryUsage().rss;
    expect(await flood(batch())).toEqual([]);
    const rssAfterSecond = process.memoryUsage().rss;
    // Server and test share this process: the bounds are loose, but a leak per request breaks them.
    expect(rssAfterFirst - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(rssAfterSecond - rssAfterFirst).toBeLessThan(64 * 1024 * 1024);
    await stillServes();
  }, 120_000);
});
