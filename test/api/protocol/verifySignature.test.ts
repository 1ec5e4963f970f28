import { describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../../../src/api/protocol/incomingRequest.ts';
import { parseRequest } from '../../../src/api/protocol/parseRequest.ts';
import { type SecretLookup, verifySignature } from '../../../src/api/protocol/verifySignature.ts';
import { KEY, NOW, signTc3, signV1 } from '../../support/signer.ts';
import { failureOf } from './failureOf.ts';

const lookup: SecretLookup = (id) =>
  id === KEY.secretId ? { secretKey: KEY.secretKey, enabled: true } : undefined;

function verify(req: IncomingRequest, now = NOW, keys: SecretLookup = lookup): void {
  verifySignature(parseRequest(req), req, keys, now);
}

const codeOf = (req: IncomingRequest, now = NOW, keys: SecretLookup = lookup) =>
  failureOf(() => verify(req, now, keys)).code;

describe("verifySignature: Tencent's documented examples", () => {
  it('verifies the TC3 example of the API 3.0 documentation (signature 2230eefd…652c)', () => {
    const secretId = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******';
    const req: IncomingRequest = {
      method: 'POST',
      url: '/',
      headers: {
        host: 'cvm.tencentcloudapi.com',
        'content-type': 'application/json; charset=utf-8',
        'x-tc-action': 'DescribeInstances',
        'x-tc-version': '2017-03-12',
        'x-tc-timestamp': '1551113065',
        'x-tc-region': 'ap-guangzhou',
        authorization: `TC3-HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c`,
      },
      body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    };
    const keys: SecretLookup = (id) =>
      id === secretId ? { secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******', enabled: true } : undefined;
    expect(() => verify(req, 1_551_113_065, keys)).not.toThrow();
  });

  it('verifies the v1 example of the signature documentation (HmacSHA1, EliP9YW3…)', () => {
    const secretId = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
    const req: IncomingRequest = {
      method: 'GET',
      url: `/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=${secretId}&Timestamp=1465185768&Version=2017-03-12&Signature=EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D`,
      headers: { host: 'cvm.tencentcloudapi.com' },
      body: '',
    };
    const keys: SecretLookup = (id) =>
      id === secretId ? { secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', enabled: true } : undefined;
    expect(() => verify(req, 1_465_185_768, keys)).not.toThrow();
  });
});

describe('verifySignature: TC3', () => {
  it('accepts the host signed without its port (Node SDKs) and with it (Go, Python, Java)', () => {
    expect(() => verify(signTc3({ host: '127.0.0.1:18600', signedHost: '127.0.0.1' }))).not.toThrow();
    expect(() => verify(signTc3({ host: '127.0.0.1:18600' }))).not.toThrow();
    expect(() => verify(signTc3({ host: '[::1]:18600', signedHost: '[::1]' }))).not.toThrow();
  });

  it('refuses a host signed for another server', () => {
    expect(codeOf(signTc3({ host: '127.0.0.1:18600', signedHost: 'evil.example' }))).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('signs a GET query exactly as sent: re-ordering or re-encoding it breaks the signature', () => {
    const req = signTc3({ method: 'GET', url: '/?PageSize=10&SdkAppId=1&Name=a%20b' });
    expect(() => verify(req)).not.toThrow();
    expect(codeOf({ ...req, url: '/?SdkAppId=1&PageSize=10&Name=a%20b' })).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(codeOf({ ...req, url: '/?PageSize=10&SdkAppId=1&Name=a+b' })).toBe('AuthFailure.SignatureFailure');
  });

  it('hashes an empty payload for GET, whatever body came along', () => {
    const req = signTc3({ method: 'GET', url: '/?SdkAppId=1' });
    expect(() => verify({ ...req, body: 'ignored' })).not.toThrow();
  });

  it('signs no query for POST, and the body', () => {
    const req = signTc3({ body: '{"SdkAppId":1}' });
    expect(codeOf({ ...req, body: '{"SdkAppId":2}' })).toBe('AuthFailure.SignatureFailure');
    expect(codeOf({ ...req, url: '/other' })).toBe('AuthFailure.SignatureFailure');
  });

  it('honours extra signed headers, lower-cased as the documentation says (x-tc-action)', () => {
    const req = signTc3({ signedExtra: { 'x-tc-action': 'DescribeNumbers' }, lowerCaseValues: true });
    expect(() => verify(req)).not.toThrow();
    expect(codeOf({ ...req, headers: { ...req.headers, 'x-tc-action': 'DescribeTelCdr' } })).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('takes the credential-scope service from the request, whatever it is', () => {
    for (const service of ['ccc', '127', 'localhost:18600']) {
      expect(() => verify(signTc3({ service }))).not.toThrow();
    }
  });

  it('accepts an upper-case hex signature', () => {
    const req = signTc3();
    const authorization = req.headers['authorization']!.replace(
      /Signature=([0-9a-f]+)/,
      (_m, hex: string) => `Signature=${hex.toUpperCase()}`,
    );
    expect(() => verify({ ...req, headers: { ...req.headers, authorization } })).not.toThrow();
  });

  it('refuses a request signed with another key', () => {
    expect(codeOf(signTc3({ secretKey: 'wrong' }))).toBe('AuthFailure.SignatureFailure');
  });
});

describe('verifySignature: v1', () => {
  it.each(['HmacSHA1', 'HmacSHA256'] as const)('verifies %s over GET and POST', (signatureMethod) => {
    const params = {
      SdkAppId: '1400000000',
      Name: "O'Brien (x)*!~ +é",
      'Callees.0': '+8613012345678',
      UUI: '',
    };
    expect(() => verify(signV1(params, { signatureMethod }))).not.toThrow();
    expect(() => verify(signV1(params, { signatureMethod, method: 'POST' }))).not.toThrow();
  });

  it('assumes HmacSHA1 when SignatureMethod is absent', () => {
    expect(() => verify(signV1({ SdkAppId: '1' }, { signatureMethod: null }))).not.toThrow();
  });

  it('signs the Host with its port', () => {
    expect(codeOf(signV1({}, { host: '127.0.0.1:18600', signedHost: '127.0.0.1' }))).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('signs every parameter, common ones included', () => {
    const req = signV1({ SdkAppId: '1' });
    expect(codeOf({ ...req, url: req.url.replace('Action=DescribeNumbers', 'Action=DescribeTelCdr') })).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(codeOf({ ...req, url: `${req.url}&Extra=1` })).toBe('AuthFailure.SignatureFailure');
  });

  it('restores a `+` of the signature that arrived unescaped as a space', () => {
    for (let nonce = 0; nonce < 50; nonce += 1) {
      const req = signV1({ Nonce2: String(nonce) });
      const signature = decodeURIComponent(/Signature=([^&]*)/.exec(req.url)![1]!);
      if (!signature.includes('+')) continue;
      expect(() =>
        verify({ ...req, url: req.url.replace(/Signature=[^&]*/, `Signature=${signature}`) }),
      ).not.toThrow();
      return;
    }
    throw new Error('no signature with a + in 50 tries');
  });
});

describe('verifySignature: order of the checks', () => {
  it('allows 300 seconds of skew either way, not 301', () => {
    const req = signTc3();
    expect(() => verify(req, NOW + 300)).not.toThrow();
    expect(() => verify(req, NOW - 300)).not.toThrow();
    expect(codeOf(req, NOW + 301)).toBe('AuthFailure.SignatureExpire');
    expect(codeOf(req, NOW - 301)).toBe('AuthFailure.SignatureExpire');
  });

  it('reports an expired request as expired even when its key and signature are wrong too', () => {
    expect(codeOf(signTc3({ secretKey: 'wrong' }), NOW + 3600, () => undefined)).toBe(
      'AuthFailure.SignatureExpire',
    );
    expect(codeOf(signV1({}, { secretKey: 'wrong' }), NOW - 3600, () => undefined)).toBe(
      'AuthFailure.SignatureExpire',
    );
  });

  it('reports an unknown key before looking at the signature', () => {
    expect(codeOf(signTc3({ secretKey: 'wrong' }), NOW, () => undefined)).toBe(
      'AuthFailure.SecretIdNotFound',
    );
    expect(codeOf(signV1({}), NOW, () => undefined)).toBe('AuthFailure.SecretIdNotFound');
  });

  it('answers a disabled key like an unknown one, even with a good signature', () => {
    const disabled: SecretLookup = () => ({ secretKey: KEY.secretKey, enabled: false });
    expect(codeOf(signTc3(), NOW, disabled)).toBe('AuthFailure.SecretIdNotFound');
    expect(codeOf(signV1({}), NOW, disabled)).toBe('AuthFailure.SecretIdNotFound');
  });

  it('looks the key up by the SecretId of the credential', () => {
    const asked: string[] = [];
    verify(signTc3(), NOW, (id) => {
      asked.push(id);
      return lookup(id);
    });
    expect(asked).toEqual([KEY.secretId]);
  });
});
