import { createHash, createHmac } from 'node:crypto';
import { hostVariants } from './hostVariants.ts';
import { type IncomingRequest, requestPath, requestQuery } from './incomingRequest.ts';
import type { Tc3Request } from './parsedRequest.ts';
import { TC3_ALGORITHM } from './tc3Authorization.ts';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer =>
  createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * Every TC3 signature the request could legitimately carry (hex). SDKs disagree on details the
 * signature covers, and each variant is as strong as the canonical one, so all are computed:
 * - the signed `host` with or without the port (see hostVariants);
 * - header values as sent (what the SDKs sign) or lower-cased (what Tencent's documentation says).
 * The credential scope's date and service are the request's own: Node and Java sign the endpoint's
 * first label (`127`, `localhost:18600`), Go and Python `ccc`.
 */
export function tc3Signatures(parsed: Tc3Request, req: IncomingRequest, secretKey: string): string[] {
  const { date, service } = parsed.authorization;
  const scope = `${date}/${service}/tc3_request`;
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const canonicalRequests = new Set<string>();
  for (const host of hostVariants(req.headers['host'])) {
    for (const lowerCase of [false, true]) {
      canonicalRequests.add(canonicalRequest(parsed, req, host, lowerCase));
    }
  }
  return [...canonicalRequests].map((canonical) =>
    hmac(signingKey, `${TC3_ALGORITHM}\n${parsed.timestampText}\n${scope}\n${sha256Hex(canonical)}`).toString(
      'hex',
    ),
  );
}

/**
 * GET signs the query exactly as sent (re-encoding or sorting it would change what was signed)
 * and an empty payload; POST signs no query and the body's hash.
 */
function canonicalRequest(
  parsed: Tc3Request,
  req: IncomingRequest,
  host: string,
  lowerCase: boolean,
): string {
  const isGet = req.method === 'GET';
  const headers = parsed.authorization.signedHeaders
    .map((name) => {
      const value = name === 'host' ? host : (req.headers[name] ?? '').trim();
      return `${name}:${lowerCase ? value.toLowerCase() : value}\n`;
    })
    .join('');
  return [
    req.method,
    requestPath(req),
    isGet ? requestQuery(req) : '',
    headers,
    parsed.authorization.signedHeadersText,
    sha256Hex(isGet ? '' : req.body),
  ].join('\n');
}
