import {
  given,
  parseTimestamp,
  regionOf,
  requiredCredential,
  requiredParameter,
  unsupportedProtocol,
} from './commonFields.ts';
import { formPairs, uniquePairs } from './formPairs.ts';
import { type IncomingRequest, mediaType, requestQuery } from './incomingRequest.ts';
import { parseJsonBody } from './jsonBody.ts';
import { toLanguage } from './language.ts';
import type { Tc3Request } from './parsedRequest.ts';
import { parseTc3Authorization } from './tc3Authorization.ts';
import { unflattenParams } from './unflattenParams.ts';

/**
 * A TC3 request: common parameters in X-TC-* headers, business parameters in a JSON body (POST)
 * or flattened in the query (GET). Credentials are read first, so a stranger learns nothing
 * about the rest of the request before presenting a readable signature.
 */
export function parseTc3Request(req: IncomingRequest, method: 'GET' | 'POST', header: string): Tc3Request {
  const authorization = parseTc3Authorization(header);
  const timestampText = requiredCredential(req.headers['x-tc-timestamp']?.trim(), 'X-TC-Timestamp');
  const timestamp = parseTimestamp(timestampText, 'X-TC-Timestamp');
  if (method === 'POST' && mediaType(req) !== 'application/json') {
    throw unsupportedProtocol(
      'A TC3 POST request must have `Content-Type: application/json`.',
      'TC3 POST 请求的 `Content-Type` 必须是 application/json。',
    );
  }
  const action = requiredParameter(req.headers['x-tc-action'], 'X-TC-Action');
  const version = requiredParameter(req.headers['x-tc-version'], 'X-TC-Version');
  const params =
    method === 'POST'
      ? parseJsonBody(req.body)
      : unflattenParams(uniquePairs(formPairs(requestQuery(req)), 'query'));
  return {
    scheme: 'TC3',
    action,
    version,
    region: regionOf(req.headers['x-tc-region']),
    language: toLanguage(req.headers['x-tc-language']?.trim()),
    token: given(req.headers['x-tc-token']),
    requestClient: given(req.headers['x-tc-requestclient']),
    secretId: authorization.secretId,
    timestamp,
    timestampText,
    params,
    paramsAreStrings: method === 'GET',
    authorization,
  };
}
