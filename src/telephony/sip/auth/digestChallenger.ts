/**
 * The server side of Digest (RFC 3261 §22.4), for the built-in registrar. Nonces are
 * `<issued-ms>.<salt>.<HMAC(secret, issued-ms.salt)>`, so any node holding the same secret (the
 * cluster's, kept in the database) can check them without a lookup; the salt keeps two challenges
 * of one millisecond apart, since each nonce is tracked on its own. A nonce older than
 * `nonceLifetimeMs` is answered with a fresh challenge marked stale=true, which phones retry
 * silently. Credentials are checked against HA1 = MD5(user:realm:password), which is all the
 * registrar needs to hold (never the password).
 *
 * A verified response is then taken once (a NonceLedger: nonceUses.ts in this process, or the
 * database every node shares), and its digest uri must be the request's own: otherwise a response
 * sniffed off the wire would be good again, from anywhere.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatDigestHeader, parseDigestHeader } from './digestHeader.ts';
import { digestResponse } from './digestResponse.ts';
import type { NonceLedger } from './nonceLedger.ts';
import { NonceUses } from './nonceUses.ts';

/** How long a nonce is good for, unless `nonceLifetimeMs` says otherwise. */
export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60_000;

export interface DigestChallengerOptions {
  readonly realm: string;
  /** Key for the nonce HMAC; random per process by default, so a cluster passes a shared one. */
  readonly secret?: Buffer;
  readonly nonceLifetimeMs?: number;
  /** How many nonces' uses are remembered at most (nonceUses.ts), when no `ledger` is given. */
  readonly maxTrackedNonces?: number;
  /** Where accepted nonce counts are kept; this process's memory when absent. */
  readonly ledger?: NonceLedger;
  readonly now: () => number;
}

export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly stale: boolean; readonly reason: string };

/** What the response was computed over: the request's method and Request-URI. */
export interface DigestRequest {
  readonly method: string;
  readonly uri: string;
}

type NonceState =
  | { readonly state: 'fresh'; readonly issued: number }
  | { readonly state: 'expired' }
  | { readonly state: 'forged' };

export class DigestChallenger {
  private readonly secret: Buffer;
  private readonly lifetime: number;
  private readonly uses: NonceLedger;

  constructor(private readonly options: DigestChallengerOptions) {
    this.secret = options.secret ?? randomBytes(32);
    this.lifetime = options.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    this.uses = options.ledger ?? new NonceUses(this.lifetime, options.maxTrackedNonces);
  }

  get realm(): string {
    return this.options.realm;
  }

  /** The WWW-Authenticate value of a 401. */
  challenge(stale = false): string {
    const params = new Map<string, string>([
      ['realm', this.options.realm],
      ['nonce', this.newNonce()],
      ['algorithm', 'MD5'],
      ['qop', 'auth'],
    ]);
    if (stale) params.set('stale', 'TRUE');
    return formatDigestHeader(params);
  }

  /**
   * Checks an Authorization value for `request`. `ha1For` returns the user's HA1 for this realm,
   * or undefined for an unknown user.
   */
  async verify(
    authorization: string,
    request: DigestRequest,
    ha1For: (username: string) => Promise<string | undefined>,
  ): Promise<DigestVerdict> {
    let params: ReadonlyMap<string, string>;
    try {
      const parsed = parseDigestHeader(authorization);
      if (parsed.scheme.toLowerCase() !== 'digest') return fail(`scheme ${parsed.scheme}`);
      params = parsed.params;
    } catch {
      return fail('malformed Authorization');
    }
    const username = params.get('username');
    const nonce = params.get('nonce');
    const uri = params.get('uri');
    const response = params.get('response');
    if (!username || !nonce || !uri || !response) return fail('incomplete Authorization');
    if (params.get('realm') !== this.options.realm) return fail('wrong realm');
    // The response covers the digest uri, not the Request-URI: tie the two together (RFC 2617 §3.2.2.5).
    if (uri !== request.uri) return fail('digest uri is not the Request-URI');
    const algorithm = params.get('algorithm') ?? 'MD5';
    if (algorithm.toUpperCase() !== 'MD5') return fail(`algorithm ${algorithm}`);
    const qop = params.get('qop');
    if (qop !== undefined && qop !== 'auth') return fail(`qop ${qop}`);
    const nc = qop === undefined ? undefined : parseNonceCount(params.get('nc'));
    if (nc === null || (qop !== undefined && !params.get('cnonce'))) return fail('bad nc or cnonce');
    const nonceState = this.checkNonce(nonce);
    if (nonceState.state === 'forged') return fail('nonce not issued here');
    const ha1 = await ha1For(username);
    if (ha1 === undefined) return fail('unknown user');
    const expected = digestResponse({
      ha1,
      algorithm,
      method: request.method,
      uri,
      nonce,
      qop,
      nc: params.get('nc') ?? '',
      cnonce: params.get('cnonce') ?? '',
    });
    if (!equalText(expected, response.toLowerCase())) return fail('wrong password');
    // Right password on an expired nonce: ask again with stale=true, no prompt for the user.
    if (nonceState.state === 'expired') return stale('stale nonce');
    // Checked and recorded in one step (the ledger's), so two copies racing cannot both pass. A
    // replay is answered stale too: it proves nothing new, and a phone reusing a nonce retries.
    if (!(await this.uses.claim(nonce, nonceState.issued, nc, this.options.now())))
      return stale('nonce reused');
    return { ok: true, username };
  }

  private newNonce(): string {
    const body = `${this.options.now()}.${randomBytes(6).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  private checkNonce(nonce: string): NonceState {
    const [issued, salt, signature, ...rest] = nonce.split('.');
    if (!issued || !salt || !signature || rest.length > 0 || !/^\d+$/.test(issued))
      return { state: 'forged' };
    if (!equalText(this.sign(`${issued}.${salt}`), signature)) return { state: 'forged' };
    const age = this.options.now() - Number(issued);
    return age >= 0 && age <= this.lifetime
      ? { state: 'fresh', issued: Number(issued) }
      : { state: 'expired' };
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 22);
  }
}

function fail(reason: string): DigestVerdict {
  return { ok: false, stale: false, reason };
}

function stale(reason: string): DigestVerdict {
  return { ok: false, stale: true, reason };
}

/** nc is 8 hex digits (RFC 2617 §3.2.2), counting from 1; null when it is not. */
function parseNonceCount(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9a-f]{8}$/i.test(text)) return null;
  const count = Number.parseInt(text, 16);
  return count > 0 ? count : null;
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
