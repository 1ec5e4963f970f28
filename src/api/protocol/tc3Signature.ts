import { hash } from 'node:crypto';
import { hostVariants } from './hostVariants.ts';
import { type IncomingRequest, requestPath, requestQuery } from './incomingRequest.ts';
import type { Tc3Request } from './parsedRequest.ts';
import { TC3_ALGORITHM } from './tc3Authorization.ts';
import { tc3SigningKey } from './tc3SigningKey.ts';

// One-shot: a third cheaper than createHash().update().digest() on a request-sized text.
const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/**
 * Every TC3 signature the request could legitimately carry (hex), most likely first, computed one
 * at a time as the caller asks. SDKs disagree on details the signature covers, and each variant is
 * as strong as the canonical one:
 * - the signed `host` with or without the port (see hostVariants): the Node SDK, whose credential
 *   scope names the endpoint's first label as service, signs it without; Java names the service
 *   the same way but signs it with; Go and Python name it `ccc` and sign it with — so the variant
 *   the scope suggests comes first, and a request costs one canonical hash and one HMAC, not four;
 * - header values as sent (what the SDKs sign) or lower-cased (what Tencent's documentation says).
 * The credential scope's date and service are the request's own.
 */
export function* tc3Signatures(
  parsed: Tc3Request,
  req: IncomingRequest,
  secretKey: string,
): Generator<string> {
  const { date, service } = parsed.authorization;
  const signingKey = tc3SigningKey(secretKey, date, service);
  const prefix = `${TC3_ALGORITHM}\n${parsed.timestampText}\n${date}/${service}/tc3_request\n`;
  const payloadHash = sha256Hex(req.method === 'GET' ? '' : req.body);
  const hosts = hostVariants(req.headers['host']);
  if (service !== 'ccc') hosts.reverse();
  // At most four, most often told apart by their first differing character: a list does.
  const tried: string[] = [];
  for (const lowerCase of [false, true]) {
    for (const host of hosts) {
      const canonical = canonicalRequest(parsed, req, host, lowerCase, payloadHash);
      if (tried.includes(canonical)) continue;
      tried.push(canonical);
      yield signingKey.hex(`${prefix}${sha256Hex(canonical)}`);
    }
  }
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
  payloadHash: string,
): string {
  const headers = parsed.authorization.signedHeaders
    .map((name) => {
      const value = name === 'host' ? host : (req.headers[name] ?? '').trim();
      return `${name}:${lowerCase ? value.toLowerCase() : value}\n`;
    })
    .join('');
  return [
    req.method,
    requestPath(req),
    req.method === 'GET' ? requestQuery(req) : '',
    headers,
    parsed.authorization.signedHeadersText,
    payloadHash,
  ].join('\n');
}
