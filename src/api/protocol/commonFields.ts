import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { invalidAuthorization } from './invalidAuthorization.ts';

/** '' means "not given": the SDKs send empty optional values rather than omitting them. */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The Node SDKs send the string `null` for an empty region (`X-TC-Region: null`): no region. */
export function regionOf(value: string | undefined): string | undefined {
  const region = given(value?.trim());
  return region === 'null' ? undefined : region;
}

/** Action and Version: without them the request cannot be routed. */
export function requiredParameter(value: string | undefined, name: string): string {
  const text = given(value?.trim());
  if (text === undefined) {
    throw new Failure(ErrorCode.MissingParameter, {
      en: `The required parameter \`${name}\` is missing.`,
      zh: `缺少必填参数 \`${name}\`。`,
    });
  }
  return text;
}

/** A credential part: without it there is nothing to authenticate, whence InvalidAuthorization. */
export function requiredCredential(value: string | undefined, name: string): string {
  const text = given(value);
  if (text === undefined) {
    throw invalidAuthorization(`\`${name}\` is missing.`, `缺少 \`${name}\`。`);
  }
  return text;
}

const UNIX_SECONDS = /^\d{1,12}$/;

/** Unix seconds. Twelve digits reach year 33658: plenty, and never past the safe-integer range. */
export function parseTimestamp(text: string, name: string): number {
  if (!UNIX_SECONDS.test(text)) {
    throw invalidAuthorization(
      `\`${name}\` must be a unix timestamp in seconds.`,
      `\`${name}\` 必须是以秒为单位的 Unix 时间戳。`,
    );
  }
  return Number(text);
}

export function unsupportedProtocol(en: string, zh: string): Failure {
  return new Failure(ErrorCode.UnsupportedProtocol, { en, zh });
}
