import { createHmac } from 'node:crypto';
import { type IncomingRequest, requestPath } from './incomingRequest.ts';
import type { V1Request } from './parsedRequest.ts';

/**
 * The v1 signature (base64) of the request: METHOD + Host + path + `?` + every parameter but
 * Signature, sorted by name, as decoded `k=v` pairs joined by `&`. The Host is the header as
 * sent, port included: every SDK signs the endpoint it was given.
 */
export function v1Signature(parsed: V1Request, req: IncomingRequest, secretKey: string): string {
  const { signatureMethod, signedPairs } = parsed.credential;
  // Default sort compares UTF-16 code units, as the Node SDK's `Object.keys(params).sort()` does.
  const query = [...signedPairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const text = `${req.method}${(req.headers['host'] ?? '').trim()}${requestPath(req)}?${query}`;
  const algorithm = signatureMethod === 'HmacSHA256' ? 'sha256' : 'sha1';
  return createHmac(algorithm, secretKey).update(text, 'utf8').digest('base64');
}
