import { invalidAuthorization } from './invalidAuthorization.ts';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** The parts of a TC3 `Authorization` header. */
export type Tc3Authorization = {
  readonly secretId: string;
  /** Credential-scope date (`YYYY-MM-DD`) and service, as the client signed them. */
  readonly date: string;
  readonly service: string;
  /** Lower-case header names, in the client's order, and that list as sent (it is signed verbatim). */
  readonly signedHeaders: readonly string[];
  readonly signedHeadersText: string;
  /** Lower-case hex. */
  readonly signature: string;
};

const HEADER_NAME = /^[a-z0-9-]+$/;
/**
 * The header as every SDK writes it: read with one match (~0.4 µs), where splitting it into its
 * parts costs ~4 µs a request. Anything else takes the general reading below, which accepts all
 * this accepts, and gives the same parts.
 */
const SDK_FORM =
  /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

function garbled(en: string, zh: string) {
  return invalidAuthorization(`The Authorization header ${en}.`, `Authorization 请求头${zh}。`);
}

/**
 * Reads `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=…, Signature=…`.
 * Strict on shape, since whatever is lax here becomes input to the signature: each part exactly
 * once, and `content-type` and `host` among the signed headers, as Tencent requires (without them
 * a signature would not bind the request to this server or to its body's encoding).
 */
export function parseTc3Authorization(header: string): Tc3Authorization {
  const sdkForm = SDK_FORM.exec(header);
  if (sdkForm !== null) {
    const [, secretId, date, service, signedHeaders, signature] = sdkForm as unknown as string[];
    return { secretId, date, service, ...parseSignedHeaders(signedHeaders!), signature } as Tc3Authorization;
  }
  const trimmed = header.trim();
  if (trimmed === '') throw garbled('is empty', '为空');
  const space = trimmed.indexOf(' ');
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== TC3_ALGORITHM) {
    throw garbled(`must use ${TC3_ALGORITHM}`, `必须使用 ${TC3_ALGORITHM}`);
  }
  const parts = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    const key = equals === -1 ? part.trim() : part.slice(0, equals).trim();
    if (equals === -1 || parts.has(key))
      throw garbled(`has a malformed part \`${key}\``, `中的 \`${key}\` 格式错误`);
    parts.set(key, part.slice(equals + 1).trim());
  }
  return {
    ...parseCredential(required(parts, 'Credential')),
    ...parseSignedHeaders(required(parts, 'SignedHeaders')),
    signature: parseSignature(required(parts, 'Signature')),
  };
}

function required(parts: ReadonlyMap<string, string>, key: string): string {
  const value = parts.get(key);
  if (value === undefined || value === '') throw garbled(`lacks ${key}`, `缺少 ${key}`);
  return value;
}

function parseCredential(credential: string): Pick<Tc3Authorization, 'secretId' | 'date' | 'service'> {
  const [secretId, date, service, terminator, ...rest] = credential.split('/');
  if (
    secretId === undefined ||
    secretId === '' ||
    date === undefined ||
    !DATE.test(date) ||
    service === undefined ||
    service === '' ||
    terminator !== 'tc3_request' ||
    rest.length > 0
  ) {
    throw garbled(
      'has a malformed Credential (expected SecretId/date/service/tc3_request)',
      '中的 Credential 格式错误（应为 SecretId/日期/服务/tc3_request）',
    );
  }
  return { secretId, date, service };
}

type SignedHeaders = Pick<Tc3Authorization, 'signedHeaders' | 'signedHeadersText'>;

/** SignedHeaders lists a client has sent, read: each client sends the same one every time. */
const signedHeadersRead = new Map<string, SignedHeaders>();

function parseSignedHeaders(text: string): SignedHeaders {
  let read = signedHeadersRead.get(text);
  if (read === undefined) {
    read = readSignedHeaders(text);
    // Only well-formed lists are kept (a bad one throws), and few: a client cannot grow the map.
    if (signedHeadersRead.size < 64) signedHeadersRead.set(text, read);
  }
  return read;
}

function readSignedHeaders(text: string): SignedHeaders {
  const names = text.split(';');
  const wellFormed = names.every((name) => HEADER_NAME.test(name)) && new Set(names).size === names.length;
  if (!wellFormed || !names.includes('content-type') || !names.includes('host')) {
    throw garbled(
      'has malformed SignedHeaders (lower-case names separated by `;`, including content-type and host)',
      '中的 SignedHeaders 格式错误（以 `;` 分隔的小写头部名，须包含 content-type 和 host）',
    );
  }
  return Object.freeze({ signedHeaders: Object.freeze(names), signedHeadersText: text });
}

function parseSignature(signature: string): string {
  if (!HEX_SIGNATURE.test(signature)) {
    throw garbled('has a Signature that is not 64 hex digits', '中的 Signature 不是 64 位十六进制数');
  }
  return signature.toLowerCase();
}
