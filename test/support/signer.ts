import { createHash, createHmac } from 'node:crypto';
import type { IncomingRequest } from '../../src/api/protocol/incomingRequest.ts';

/**
 * A client-side signer written from Tencent's public signature documentation, independent of the
 * verifier under test, to build requests the vectors do not cover.
 */

export const KEY = {
  secretId: 'AKIDtesttesttesttesttesttesttest01',
  secretKey: 'testsecretkeytestsecretkeytest01',
};
export const NOW = 1_795_617_792;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

export type Tc3Options = {
  method?: 'GET' | 'POST';
  host?: string;
  /** The host as the client signed it; defaults to `host`. */
  signedHost?: string;
  url?: string;
  contentType?: string;
  body?: string;
  timestamp?: number;
  service?: string;
  action?: string;
  secretKey?: string;
  secretId?: string;
  /** Extra headers sent and signed, after content-type and host (names lower-case). */
  signedExtra?: Record<string, string>;
  /** Sign header values lower-cased, as Tencent's documentation describes. */
  lowerCaseValues?: boolean;
  headers?: Record<string, string>;
};

export function signTc3(options: Tc3Options = {}): IncomingRequest {
  const method = options.method ?? 'POST';
  const host = options.host ?? '127.0.0.1:18600';
  const url = options.url ?? '/';
  const contentType =
    options.contentType ?? (method === 'POST' ? 'application/json' : 'application/x-www-form-urlencoded');
  const body = options.body ?? (method === 'POST' ? '{}' : '');
  const timestamp = options.timestamp ?? NOW;
  const service = options.service ?? 'ccc';
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const mark = url.indexOf('?');
  const signed: Array<[string, string]> = [
    ['content-type', contentType],
    ['host', options.signedHost ?? host],
    ...Object.entries(options.signedExtra ?? {}),
  ];
  const value = (text: string) => (options.lowerCaseValues ? text.toLowerCase() : text);
  const canonical = [
    method,
    mark === -1 ? url : url.slice(0, mark),
    method === 'GET' && mark !== -1 ? url.slice(mark + 1) : '',
    signed.map(([name, text]) => `${name}:${value(text)}\n`).join(''),
    signed.map(([name]) => name).join(';'),
    sha256(method === 'GET' ? '' : body),
  ].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${options.secretKey ?? KEY.secretKey}`, date), service), 'tc3_request');
  const signature = hmac(key, toSign).toString('hex');
  return {
    method,
    url,
    body,
    headers: {
      host,
      'content-type': contentType,
      'x-tc-action': options.action ?? 'DescribeNumbers',
      'x-tc-version': '2020-02-10',
      'x-tc-timestamp': String(timestamp),
      ...options.signedExtra,
      ...options.headers,
      authorization: `TC3-HMAC-SHA256 Credential=${options.secretId ?? KEY.secretId}/${scope}, SignedHeaders=${signed.map(([n]) => n).join(';')}, Signature=${signature}`,
    },
  };
}

export type V1Options = {
  method?: 'GET' | 'POST';
  host?: string;
  /** The host as the client signed it; defaults to `host`. */
  signedHost?: string;
  signatureMethod?: 'HmacSHA1' | 'HmacSHA256' | null;
  secretKey?: string;
  secretId?: string;
  timestamp?: number;
  action?: string;
};

/** `params` are the business parameters, already flattened; common ones are added. */
export function signV1(params: Record<string, string>, options: V1Options = {}): IncomingRequest {
  const method = options.method ?? 'GET';
  const host = options.host ?? '127.0.0.1:18600';
  const all: Record<string, string> = {
    ...params,
    Action: options.action ?? 'DescribeNumbers',
    Version: '2020-02-10',
    Nonce: '12345',
    Timestamp: String(options.timestamp ?? NOW),
    SecretId: options.secretId ?? KEY.secretId,
  };
  if (options.signatureMethod !== null) all['SignatureMethod'] = options.signatureMethod ?? 'HmacSHA256';
  const text = `${method}${options.signedHost ?? host}/?${Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join('&')}`;
  const digest =
    options.signatureMethod === 'HmacSHA1' || options.signatureMethod === null ? 'sha1' : 'sha256';
  all['Signature'] = createHmac(digest, options.secretKey ?? KEY.secretKey)
    .update(text, 'utf8')
    .digest('base64');
  const encoded = Object.entries(all)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return method === 'GET'
    ? { method, url: `/?${encoded}`, headers: { host }, body: '' }
    : {
        method,
        url: '/',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        body: encoded,
      };
}
