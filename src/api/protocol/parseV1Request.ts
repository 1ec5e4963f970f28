import { given, parseTimestamp, regionOf, requiredCredential, requiredParameter } from './commonFields.ts';
import { formPairs, uniquePairs } from './formPairs.ts';
import { invalidAuthorization } from './invalidAuthorization.ts';
import { toLanguage } from './language.ts';
import type { V1Request } from './parsedRequest.ts';
import { unflattenParams } from './unflattenParams.ts';
import type { V1SignatureMethod } from './v1Credential.ts';

/** Parameters every v1 request may carry; they are not the action's, so its schema never sees them. */
const COMMON_PARAMETERS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'SecretId',
  'Nonce',
  'Timestamp',
  'SignatureMethod',
  'Signature',
  'Region',
  'Token',
  'Language',
  'RequestClient',
]);

/**
 * A v1 request: every parameter, common and business, in the query (GET) or in a form-encoded
 * body (POST). Credentials are read before anything else, as for TC3.
 */
export function parseV1Request(raw: string, where: 'query' | 'body'): V1Request {
  const pairs = formPairs(raw);
  const record = uniquePairs(pairs, where);
  const secretId = requiredCredential(record['SecretId'], 'SecretId');
  // Base64 may contain `+`; a client that forgot to escape it sent a space, which base64 never has.
  const signature = requiredCredential(record['Signature'], 'Signature').replaceAll(' ', '+');
  const timestamp = parseTimestamp(requiredCredential(record['Timestamp'], 'Timestamp'), 'Timestamp');
  requiredCredential(record['Nonce'], 'Nonce');
  const signatureMethod = signatureMethodOf(record['SignatureMethod']);
  const action = requiredParameter(record['Action'], 'Action');
  const version = requiredParameter(record['Version'], 'Version');

  const business: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(record)) {
    if (!COMMON_PARAMETERS.has(name)) business[name] = value;
  }
  return {
    scheme: 'v1',
    action,
    version,
    region: regionOf(record['Region']),
    language: toLanguage(record['Language']?.trim()),
    token: given(record['Token']),
    requestClient: given(record['RequestClient']),
    secretId,
    timestamp,
    params: unflattenParams(business),
    paramsAreStrings: true,
    credential: {
      signatureMethod,
      signature,
      signedPairs: pairs.filter(([name]) => name !== 'Signature'),
    },
  };
}

/** HmacSHA1 when absent: that is what Tencent assumes for v1 without SignatureMethod. */
function signatureMethodOf(value: string | undefined): V1SignatureMethod {
  if (value === undefined || value === 'HmacSHA1') return 'HmacSHA1';
  if (value === 'HmacSHA256') return 'HmacSHA256';
  throw invalidAuthorization(
    '`SignatureMethod` must be HmacSHA1 or HmacSHA256.',
    '`SignatureMethod` 必须是 HmacSHA1 或 HmacSHA256。',
  );
}
