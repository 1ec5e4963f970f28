/**
 * The built-in registrar (RFC 3261 §10.3), so that agents' phones can REGISTER to the dialer with
 * the agent's credentials instead of having a fixed SIP URI in the staff record.
 *
 * Every REGISTER is digest-authenticated (401 first); the authenticated username is the agent's
 * mail and must be the user of the To address-of-record. Bindings live in memory with their
 * expiry — a restarted dialer waits for the phones' next refresh, as any registrar without a
 * database does. Per binding (contact URI) the Call-ID/CSeq rule of step 7 keeps a delayed old
 * REGISTER from undoing a newer one.
 */
import type { DigestChallenger } from '../auth/digestChallenger.ts';
import { createResponse } from '../message/createResponse.ts';
import { parseCSeq } from '../message/cseq.ts';
import { parseNameAddr } from '../message/nameAddr.ts';
import {
  getHeader,
  getHeaders,
  requireHeader,
  type SipRequest,
  type SipResponse,
} from '../message/sipMessage.ts';
import { parseSipUri, uriUser } from '../message/sipUri.ts';

export interface Binding {
  readonly contact: string;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  /** Lower is older: the freshest binding is the one a call goes to. */
  readonly registeredAt: number;
}

export interface RegistrarOptions {
  readonly challenger: DigestChallenger;
  /** HA1 = MD5(user:realm:password) of an agent, by mail; undefined for nobody we know. */
  readonly ha1For: (username: string) => Promise<string | undefined>;
  readonly now: () => number;
  readonly minExpiresSeconds?: number;
  readonly maxExpiresSeconds?: number;
  readonly defaultExpiresSeconds?: number;
}

export class Registrar {
  private readonly bindings = new Map<string, Map<string, Binding>>();
  private readonly minExpires: number;
  private readonly maxExpires: number;
  private readonly defaultExpires: number;

  constructor(private readonly options: RegistrarOptions) {
    this.minExpires = options.minExpiresSeconds ?? 60;
    this.maxExpires = options.maxExpiresSeconds ?? 3600;
    this.defaultExpires = options.defaultExpiresSeconds ?? 3600;
  }

  /** The contact URI a call to this agent goes to: the freshest live binding, if any. */
  lookup(username: string): string | undefined {
    const live = this.liveBindings(username);
    live.sort((a, b) => b.registeredAt - a.registeredAt);
    return live[0]?.contact;
  }

  liveBindings(username: string): Binding[] {
    const now = this.options.now();
    const map = this.bindings.get(username.toLowerCase());
    if (!map) return [];
    for (const [contact, binding] of map) if (binding.expiresAt <= now) map.delete(contact);
    return [...map.values()];
  }

  async handle(request: SipRequest): Promise<SipResponse> {
    const authorization = getHeader(request, 'authorization');
    if (authorization === undefined) return this.challenge(request, false);
    const verdict = await this.options.challenger.verify(authorization, 'REGISTER', this.options.ha1For);
    if (!verdict.ok) return verdict.stale ? this.challenge(request, true) : this.challenge(request, false);
    const username = verdict.username.toLowerCase();

    let aorUser: string | undefined;
    try {
      aorUser = uriUser(parseSipUri(parseNameAddr(requireHeader(request, 'to')).uri));
    } catch {
      return createResponse(request, 400, {}, 'Bad To');
    }
    if (aorUser?.toLowerCase() !== username) {
      return createResponse(request, 403, {}, 'Credentials Do Not Match The Address-of-Record');
    }

    const now = this.options.now();
    const callId = requireHeader(request, 'call-id');
    const cseq = parseCSeq(requireHeader(request, 'cseq')).seq;
    const contacts = getHeaders(request, 'contact');
    const headerExpires = parseExpires(getHeader(request, 'expires'));
    const map = this.bindings.get(username) ?? new Map<string, Binding>();

    if (contacts.length === 1 && contacts[0] === '*') {
      if (headerExpires !== 0) return createResponse(request, 400, {}, 'Wildcard Needs Expires 0');
      map.clear();
      this.bindings.delete(username);
      return createResponse(request, 200);
    }

    const updates: { contact: string; expires: number }[] = [];
    for (const text of contacts) {
      let address: ReturnType<typeof parseNameAddr>;
      try {
        address = parseNameAddr(text);
        parseSipUri(address.uri);
      } catch {
        return createResponse(request, 400, {}, 'Bad Contact');
      }
      const expires =
        parseExpires(address.params.get('expires') ?? undefined) ?? headerExpires ?? this.defaultExpires;
      if (expires > 0 && expires < this.minExpires) {
        return createResponse(request, 423, {
          headers: [{ name: 'min-expires', value: String(this.minExpires) }],
        });
      }
      updates.push({ contact: address.uri, expires: Math.min(expires, this.maxExpires) });
    }
    for (const { contact, expires } of updates) {
      const existing = map.get(contact);
      if (existing && existing.callId === callId && existing.cseq >= cseq) {
        return createResponse(request, 500, {}, 'Out Of Order REGISTER');
      }
      if (expires === 0) map.delete(contact);
      else map.set(contact, { contact, expiresAt: now + expires * 1000, callId, cseq, registeredAt: now });
    }
    if (map.size > 0) this.bindings.set(username, map);
    else this.bindings.delete(username);

    const current = this.liveBindings(username).map((b) => ({
      name: 'contact',
      value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
    }));
    return createResponse(request, 200, { headers: current });
  }

  private challenge(request: SipRequest, stale: boolean): SipResponse {
    return createResponse(request, 401, {
      headers: [{ name: 'www-authenticate', value: this.options.challenger.challenge(stale) }],
    });
  }
}

function parseExpires(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
