import { describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../../../src/api/protocol/incomingRequest.ts';
import { requestLanguage } from '../../../src/api/protocol/language.ts';
import { parseRequest } from '../../../src/api/protocol/parseRequest.ts';
import { signTc3, signV1 } from '../../support/signer.ts';
import { failureOf } from './failureOf.ts';

function withHeaders(req: IncomingRequest, headers: Record<string, string | undefined>): IncomingRequest {
  return { ...req, headers: { ...req.headers, ...headers } };
}

describe('parseRequest: scheme', () => {
  it('reads a TC3 POST: common parameters from headers, business ones from the JSON body', () => {
    const parsed = parseRequest(signTc3({ body: '{"SdkAppId":1400000000,"PageSize":10}' }));
    expect(parsed).toMatchObject({
      scheme: 'TC3',
      action: 'DescribeNumbers',
      version: '2020-02-10',
      timestamp: 1_795_617_792,
      params: { SdkAppId: 1_400_000_000, PageSize: 10 },
      paramsAreStrings: false,
    });
  });

  it('reads a TC3 GET: business parameters flattened in the query, all strings', () => {
    const parsed = parseRequest(
      signTc3({ method: 'GET', url: '/?SdkAppId=1400000000&SessionIds.0=a&SessionIds.1=b' }),
    );
    expect(parsed).toMatchObject({
      scheme: 'TC3',
      params: { SdkAppId: '1400000000', SessionIds: ['a', 'b'] },
      paramsAreStrings: true,
    });
  });

  it('reads a v1 GET and strips the common parameters from the business ones', () => {
    const parsed = parseRequest(signV1({ SdkAppId: '1400000000', 'Callees.0': '+86 130' }));
    expect(parsed.scheme).toBe('v1');
    expect(parsed.action).toBe('DescribeNumbers');
    expect(parsed.params).toEqual({ SdkAppId: '1400000000', Callees: ['+86 130'] });
    expect(parsed.paramsAreStrings).toBe(true);
  });

  it('reads a v1 POST from its form body, ignoring the query', () => {
    const req = signV1({ SdkAppId: '1' }, { method: 'POST' });
    const parsed = parseRequest({ ...req, url: '/?Evil=1' });
    expect(parsed.params).toEqual({ SdkAppId: '1' });
  });

  it('reads the media type without its parameters', () => {
    const req = signTc3({ contentType: 'application/json; charset=utf-8' });
    expect(parseRequest(req).scheme).toBe('TC3');
  });

  it('refuses methods other than GET and POST with UnsupportedProtocol', () => {
    const failure = failureOf(() => parseRequest({ ...signTc3(), method: 'PUT' }));
    expect(failure.code).toBe('UnsupportedProtocol');
    expect(failure.text.en).toContain('PUT');
  });

  it('refuses a TC3 POST that is not JSON with UnsupportedProtocol naming Content-Type', () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']) {
      const failure = failureOf(() => parseRequest(withHeaders(signTc3(), { 'content-type': contentType })));
      expect(failure.code).toBe('UnsupportedProtocol');
      expect(failure.text.en).toContain('Content-Type');
    }
  });

  it('refuses a JSON POST without Authorization with InvalidAuthorization', () => {
    const failure = failureOf(() => parseRequest(withHeaders(signTc3(), { authorization: undefined })));
    expect(failure.code).toBe('AuthFailure.InvalidAuthorization');
    expect(failure.text.en).toContain('Authorization');
  });

  it('refuses a POST that is neither JSON nor a form with UnsupportedProtocol', () => {
    const req: IncomingRequest = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'text/xml' },
      body: '<a/>',
    };
    expect(failureOf(() => parseRequest(req)).code).toBe('UnsupportedProtocol');
  });
});

describe('parseRequest: TC3 credentials and common headers', () => {
  it.each([
    ['an empty Authorization', ''],
    ['another scheme', 'Bearer abc'],
    [
      'a misspelt algorithm',
      'TC3-HMAC-SHA1 Credential=a/2026-01-01/ccc/tc3_request, SignedHeaders=content-type;host, Signature=00',
    ],
    [
      'a repeated part',
      `TC3-HMAC-SHA256 Credential=a/2026-01-01/ccc/tc3_request, Credential=b/2026-01-01/ccc/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`,
    ],
    [
      'a bad date',
      `TC3-HMAC-SHA256 Credential=a/20260101/ccc/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`,
    ],
    [
      'an extra scope part',
      `TC3-HMAC-SHA256 Credential=a/2026-01-01/ccc/x/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`,
    ],
    [
      'host not signed',
      `TC3-HMAC-SHA256 Credential=a/2026-01-01/ccc/tc3_request, SignedHeaders=content-type, Signature=${'0'.repeat(64)}`,
    ],
    [
      'a short signature',
      'TC3-HMAC-SHA256 Credential=a/2026-01-01/ccc/tc3_request, SignedHeaders=content-type;host, Signature=abc',
    ],
  ])('refuses %s with InvalidAuthorization', (_case, authorization) => {
    const failure = failureOf(() => parseRequest(withHeaders(signTc3(), { authorization })));
    expect(failure.code).toBe('AuthFailure.InvalidAuthorization');
    expect(failure.text.en).toContain('Authorization');
    expect(failure.text.zh).toContain('Authorization');
  });

  it('refuses a missing or malformed X-TC-Timestamp with InvalidAuthorization naming it', () => {
    for (const timestamp of [undefined, '', 'soon', '-1', '1e9', '1234567890123']) {
      const failure = failureOf(() => parseRequest(withHeaders(signTc3(), { 'x-tc-timestamp': timestamp })));
      expect(failure.code).toBe('AuthFailure.InvalidAuthorization');
      expect(failure.text.en).toContain('X-TC-Timestamp');
    }
  });

  it('refuses a missing X-TC-Action or X-TC-Version with MissingParameter naming it', () => {
    for (const header of ['X-TC-Action', 'X-TC-Version']) {
      for (const value of [undefined, '', '  ']) {
        const failure = failureOf(() =>
          parseRequest(withHeaders(signTc3(), { [header.toLowerCase()]: value })),
        );
        expect(failure.code).toBe('MissingParameter');
        expect(failure.text.en).toContain(header);
        expect(failure.text.zh).toContain(header);
      }
    }
  });

  it('reads X-TC-Region, the literal `null` and an empty one meaning no region', () => {
    expect(parseRequest(withHeaders(signTc3(), { 'x-tc-region': 'ap-singapore' })).region).toBe(
      'ap-singapore',
    );
    expect(parseRequest(withHeaders(signTc3(), { 'x-tc-region': 'null' })).region).toBeUndefined();
    expect(parseRequest(withHeaders(signTc3(), { 'x-tc-region': '' })).region).toBeUndefined();
    expect(parseRequest(signTc3()).region).toBeUndefined();
  });

  it('reads X-TC-Language: zh-CN honoured, anything else English', () => {
    const language = (value: string | undefined) =>
      parseRequest(withHeaders(signTc3(), { 'x-tc-language': value })).language;
    expect(language('zh-CN')).toBe('zh-CN');
    expect(language('en-US')).toBe('en-US');
    expect(language(undefined)).toBe('en-US');
    expect(language('fr-FR')).toBe('en-US');
    expect(language('zh-cn')).toBe('en-US');
  });

  it('reads X-TC-Token and X-TC-RequestClient when given', () => {
    const parsed = parseRequest(
      withHeaders(signTc3(), { 'x-tc-token': 'tok', 'x-tc-requestclient': 'SDK_GO' }),
    );
    expect(parsed).toMatchObject({ token: 'tok', requestClient: 'SDK_GO' });
    expect(parseRequest(withHeaders(signTc3(), { 'x-tc-token': '' })).token).toBeUndefined();
  });
});

describe('parseRequest: TC3 JSON body', () => {
  it.each(['', '   ', '\n'])('reads a blank body %j as no parameters', (body) => {
    expect(parseRequest(signTc3({ body })).params).toEqual({});
  });

  it.each(['[]', 'null', '42', '"text"', '{', '{"a":1}x', 'SdkAppId=1'])(
    'refuses the body %j with InvalidParameter naming the body',
    (body) => {
      const failure = failureOf(() => parseRequest(signTc3({ body })));
      expect(failure.code).toBe('InvalidParameter');
      expect(failure.text.en).toContain('body');
      expect(failure.text.zh).toContain('请求体');
    },
  );

  it('refuses reserved names anywhere in the body', () => {
    for (const body of ['{"__proto__":{"x":1}}', '{"Variables":[{"constructor":1}]}']) {
      const failure = failureOf(() => parseRequest(signTc3({ body })));
      expect(failure.code).toBe('InvalidParameter');
    }
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('refuses absurdly deep nesting without overflowing the stack', () => {
    const body = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(failureOf(() => parseRequest(signTc3({ body }))).code).toBe('InvalidParameter');
  });
});

describe('parseRequest: v1 parameters', () => {
  it.each(['Signature', 'SecretId', 'Timestamp', 'Nonce'])(
    'refuses a request without %s with InvalidAuthorization naming it',
    (name) => {
      const req = signV1({ SdkAppId: '1' });
      const url = req.url.replace(new RegExp(`([?&])${name}=[^&]*`), '$1');
      const failure = failureOf(() => parseRequest({ ...req, url }));
      expect(failure.code).toBe('AuthFailure.InvalidAuthorization');
      expect(failure.text.en).toContain(name);
    },
  );

  it('refuses an unknown SignatureMethod with InvalidAuthorization', () => {
    const req = signV1({ SdkAppId: '1' });
    const failure = failureOf(() =>
      parseRequest({ ...req, url: req.url.replace('SignatureMethod=HmacSHA256', 'SignatureMethod=MD5') }),
    );
    expect(failure.code).toBe('AuthFailure.InvalidAuthorization');
    expect(failure.text.en).toContain('SignatureMethod');
  });

  it.each(['Action', 'Version'])('refuses a request without %s with MissingParameter naming it', (name) => {
    const req = signV1({ SdkAppId: '1' });
    const failure = failureOf(() => parseRequest({ ...req, url: req.url.replace(`${name}=`, `X${name}=`) }));
    expect(failure.code).toBe('MissingParameter');
    expect(failure.text.en).toContain(`\`${name}\``);
  });

  it('refuses a repeated parameter with InvalidParameter naming it', () => {
    const req = signV1({ SdkAppId: '1' });
    const failure = failureOf(() => parseRequest({ ...req, url: `${req.url}&SdkAppId=2` }));
    expect(failure.code).toBe('InvalidParameter');
    expect(failure.text.en).toContain('SdkAppId');
  });

  it('reads Language, Region and Token parameters', () => {
    const parsed = parseRequest(signV1({ Language: 'zh-CN', Region: 'ap-singapore', Token: 't' }));
    expect(parsed).toMatchObject({ language: 'zh-CN', region: 'ap-singapore', token: 't', params: {} });
    expect(parseRequest(signV1({ Language: 'de-DE', Region: '' })).language).toBe('en-US');
    expect(parseRequest(signV1({ Region: '' })).region).toBeUndefined();
  });

  it('decodes + as a space, as form encoding does', () => {
    const req = signV1({});
    expect(parseRequest({ ...req, url: `${req.url}&Name=a+b%2Bc` }).params).toEqual({ Name: 'a b+c' });
  });

  it('passes pollution attempts in a v1 query to unflatten, which refuses them', () => {
    const req = signV1({});
    const failure = failureOf(() => parseRequest({ ...req, url: `${req.url}&__proto__.polluted=1` }));
    expect(failure.code).toBe('InvalidParameter');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('requestLanguage', () => {
  it('finds the language of a request that does not parse', () => {
    const garbled: IncomingRequest = { method: 'GET', url: '/?Language=zh-CN&%%%', headers: {}, body: '' };
    expect(requestLanguage(garbled)).toBe('zh-CN');
    expect(requestLanguage({ ...garbled, headers: { 'x-tc-language': 'zh-CN' }, url: '/' })).toBe('zh-CN');
    expect(
      requestLanguage({
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Language=zh-CN',
      }),
    ).toBe('zh-CN');
    expect(requestLanguage({ ...garbled, url: '/' })).toBe('en-US');
  });
});
