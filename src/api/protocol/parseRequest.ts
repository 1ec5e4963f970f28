import { unsupportedProtocol } from './commonFields.ts';
import { type IncomingRequest, mediaType, requestQuery } from './incomingRequest.ts';
import { invalidAuthorization } from './invalidAuthorization.ts';
import type { ParsedRequest } from './parsedRequest.ts';
import { parseTc3Request } from './parseTc3Request.ts';
import { parseV1Request } from './parseV1Request.ts';

/**
 * Tells the two signature schemes apart and reads everything out of the request; throws a
 * Failure for anything it cannot read. Only the Authorization header marks TC3: v1 never sends
 * one, and an empty or foreign one is a TC3 attempt gone wrong (InvalidAuthorization), not a
 * reason to look for v1 parameters.
 *
 * Parsing proves nothing: call verifySignature before trusting any of it.
 */
export function parseRequest(req: IncomingRequest): ParsedRequest {
  const method = req.method;
  if (method !== 'GET' && method !== 'POST') {
    throw unsupportedProtocol(
      `HTTP method ${method} is not supported; use GET or POST.`,
      `不支持 HTTP 方法 ${method}，请使用 GET 或 POST。`,
    );
  }
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    // The body would have to be decoded before its signature could be checked: not offered.
    throw unsupportedProtocol(
      `Content-Encoding ${encoding} is not supported; send the body as it is.`,
      `不支持 Content-Encoding ${encoding}，请发送未编码的请求体。`,
    );
  }
  const authorization = req.headers['authorization'];
  if (authorization !== undefined) return parseTc3Request(req, method, authorization);
  if (method === 'GET') return parseV1Request(requestQuery(req), 'query');
  switch (mediaType(req)) {
    case 'application/x-www-form-urlencoded':
      return parseV1Request(req.body, 'body');
    case 'application/json':
      // JSON is TC3 only, so this is a TC3 request that lost its credentials.
      throw invalidAuthorization('The Authorization header is missing.', '缺少 Authorization 请求头。');
    default:
      throw unsupportedProtocol(
        'Content-Type must be application/json (TC3) or application/x-www-form-urlencoded (v1).',
        'Content-Type 必须是 application/json（TC3）或 application/x-www-form-urlencoded（v1）。',
      );
  }
}
