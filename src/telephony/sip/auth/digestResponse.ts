/**
 * Digest computation (RFC 2617 §3.2.2, as SIP uses it: RFC 3261 §22.4), MD5 and MD5-sess, with
 * qop=auth or no qop (RFC 2069 peers). qop=auth-int is not offered by trunks in practice and would
 * need the body hashed; a challenge that only offers it is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DigestParams } from './digestHeader.ts';
import { formatDigestHeader } from './digestHeader.ts';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** HA1 = MD5(username:realm:password): what a registrar stores instead of the password. */
export function digestHa1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

export interface DigestInput {
  readonly ha1: string;
  readonly algorithm: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** 'auth' or undefined (no qop). */
  readonly qop: string | undefined;
  readonly nc: string;
  readonly cnonce: string;
}

export function digestResponse(input: DigestInput): string {
  const ha1 =
    input.algorithm.toUpperCase() === 'MD5-SESS'
      ? md5(`${input.ha1}:${input.nonce}:${input.cnonce}`)
      : input.ha1;
  const ha2 = md5(`${input.method}:${input.uri}`);
  return input.qop === undefined
    ? md5(`${ha1}:${input.nonce}:${ha2}`)
    : md5(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

export class UnsupportedChallengeError extends Error {
  override name = 'UnsupportedChallengeError';
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The Authorization (or Proxy-Authorization) value answering a challenge.
 * `nonceCount` is how many times this nonce was used before, plus one.
 */
export function authorizationFor(
  challenge: DigestParams,
  credentials: DigestCredentials,
  method: string,
  uri: string,
  nonceCount = 1,
): string {
  if (challenge.scheme.toLowerCase() !== 'digest') {
    throw new UnsupportedChallengeError(`unsupported authentication scheme ${challenge.scheme}`);
  }
  const realm = challenge.params.get('realm') ?? '';
  const nonce = challenge.params.get('nonce');
  if (nonce === undefined) throw new UnsupportedChallengeError('challenge without nonce');
  const algorithm = challenge.params.get('algorithm') ?? 'MD5';
  if (!['MD5', 'MD5-SESS'].includes(algorithm.toUpperCase())) {
    throw new UnsupportedChallengeError(`unsupported digest algorithm ${algorithm}`);
  }
  const offered = challenge.params.get('qop');
  const qopList = offered?.split(',').map((q) => q.trim().toLowerCase());
  if (qopList && !qopList.includes('auth')) throw new UnsupportedChallengeError(`unsupported qop ${offered}`);
  const qop = qopList ? 'auth' : undefined;
  const nc = nonceCount.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const response = digestResponse({
    ha1: digestHa1(credentials.username, realm, credentials.password),
    algorithm,
    method,
    uri,
    nonce,
    qop,
    nc,
    cnonce,
  });
  const params = new Map<string, string>([
    ['username', credentials.username],
    ['realm', realm],
    ['nonce', nonce],
    ['uri', uri],
    ['response', response],
    ['algorithm', algorithm],
  ]);
  if (qop) {
    params.set('qop', qop);
    params.set('nc', nc);
    params.set('cnonce', cnonce);
  }
  const opaque = challenge.params.get('opaque');
  if (opaque !== undefined) params.set('opaque', opaque);
  return formatDigestHeader(params);
}
