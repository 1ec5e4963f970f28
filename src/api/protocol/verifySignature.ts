import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { constantTimeEqual } from './constantTimeEqual.ts';
import type { IncomingRequest } from './incomingRequest.ts';
import type { ParsedRequest } from './parsedRequest.ts';
import { tc3Signatures } from './tc3Signature.ts';
import { v1Signature } from './v1Signature.ts';

/** How far the client's clock may be from ours, as Tencent allows. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type SecretLookup = (secretId: string) => { secretKey: string; enabled: boolean } | undefined;

/**
 * Authenticates a parsed request; throws the AuthFailure Tencent would. Checks run cheapest and
 * least revealing first: the clock (public anyway), then the key, then the HMAC, so no HMAC is
 * computed for a stale request or an unknown key. A disabled key answers like an unknown one, so
 * that a revoked key reveals nothing about its owner.
 */
export function verifySignature(
  parsed: ParsedRequest,
  req: IncomingRequest,
  lookup: SecretLookup,
  nowSeconds: number,
): void {
  if (Math.abs(nowSeconds - parsed.timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    throw new Failure(ErrorCode.AuthFailureSignatureExpire, {
      en: `The request timestamp ${parsed.timestamp} is more than ${MAX_CLOCK_SKEW_SECONDS} seconds away from the server time ${nowSeconds}.`,
      zh: `请求时间戳 ${parsed.timestamp} 与服务器时间 ${nowSeconds} 相差超过 ${MAX_CLOCK_SKEW_SECONDS} 秒。`,
    });
  }
  const key = lookup(parsed.secretId);
  if (key === undefined || !key.enabled) {
    throw new Failure(ErrorCode.AuthFailureSecretIdNotFound, {
      en: `SecretId \`${parsed.secretId}\` does not exist or is disabled.`,
      zh: `SecretId \`${parsed.secretId}\` 不存在或已停用。`,
    });
  }
  const [expected, actual] =
    parsed.scheme === 'TC3'
      ? [tc3Signatures(parsed, req, key.secretKey), parsed.authorization.signature]
      : [[v1Signature(parsed, req, key.secretKey)], parsed.credential.signature];
  // Each comparison takes constant time. Stopping at a match tells only which variant a valid
  // signature used, which its signer knew; a wrong signature is compared with every candidate.
  let matched = false;
  for (const candidate of expected) {
    if (constantTimeEqual(candidate, actual)) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    throw new Failure(ErrorCode.AuthFailureSignatureFailure, {
      en: 'The request signature does not match: check the SecretKey and how the request was signed.',
      zh: '请求签名不匹配：请检查 SecretKey 和签名方法。',
    });
  }
}
