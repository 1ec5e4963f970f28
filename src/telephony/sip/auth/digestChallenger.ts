/**
 * The server side of Digest (RFC 3261 §22.4), for the built-in registrar. Nonces are stateless:
 * `<issued-ms>.<HMAC(secret, issued-ms)>`, so any node can check them and nothing is stored; a
 * nonce older than `nonceLifetimeMs` is answered with a fresh challenge marked stale=true, which
 * phones retry silently. Credentials are checked against HA1 = MD5(user:realm:password), which is
 * all the registrar needs to hold (never the password).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatDigestHeader, parseDigestHeader } from './digestHeader.ts';
import { digestResponse } from './digestResponse.ts';

export interface DigestChallengerOptions {
  readonly realm: string;
  /** Key for the nonce HMAC; random per process by default. */
  readonly secret?: Buffer;
  readonly nonceLifetimeMs?: number;
  readonly now: () => number;
}

export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly stale: boolean; readonly reason: string };

export class DigestChallenger {
  private readonly secret: Buffer;
  private readonly lifetime: number;

  constructor(private readonly options: DigestChallengerOptions) {
    this.secret = options.secret ?? randomBytes(32);
    this.lifetime = options.nonceLifetimeMs ?? 5 * 60_000;
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
   * Checks an Authorization value for `method`. `ha1For` returns the user's HA1 for this realm,
   * or undefined for an unknown user.
   */
  async verify(
    authorization: string,
    method: string,
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
    const algorithm = params.get('algorithm') ?? 'MD5';
    if (algorithm.toUpperCase() !== 'MD5') return fail(`algorithm ${algorithm}`);
    const qop = params.get('qop');
    if (qop !== undefined && qop !== 'auth') return fail(`qop ${qop}`);
    const nonceState = this.checkNonce(nonce);
    if (nonceState === 'forged') return fail('nonce not issued here');
    const ha1 = await ha1For(username);
    if (ha1 === undefined) return fail('unknown user');
    const expected = digestResponse({
      ha1,
      algorithm,
      method,
      uri,
      nonce,
      qop,
      nc: params.get('nc') ?? '',
      cnonce: params.get('cnonce') ?? '',
    });
    if (!equalText(expected, response.toLowerCase())) return fail('wrong password');
    // Right password on an expired nonce: ask again with stale=true, no prompt for the user.
    if (nonceState === 'expired') return { ok: false, stale: true, reason: 'stale nonce' };
    return { ok: true, username };
  }

  private newNonce(): string {
    const issued = String(this.options.now());
    return `${issued}.${this.sign(issued)}`;
  }

  private checkNonce(nonce: string): 'fresh' | 'expired' | 'forged' {
    const [issued, signature] = nonce.split('.');
    if (!issued || !signature || !/^\d+$/.test(issued)) return 'forged';
    if (!equalText(this.sign(issued), signature)) return 'forged';
    const age = this.options.now() - Number(issued);
    return age >= 0 && age <= this.lifetime ? 'fresh' : 'expired';
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 22);
  }
}

function fail(reason: string): DigestVerdict {
  return { ok: false, stale: false, reason };
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
