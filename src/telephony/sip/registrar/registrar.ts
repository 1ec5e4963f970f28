/**
 * The built-in registrar (RFC 3261 §10.3), so that agents' phones can REGISTER to the dialer with
 * the agent's credentials instead of having a fixed SIP URI in the staff record.
 *
 * Every REGISTER is digest-authenticated (401 first); the authenticated username is the agent's
 * mail and must be the user of the To address-of-record. Bindings live in a RegistrationStore with
 * their expiry: in memory, or in the database that the nodes of a cluster share, so that a call
 * placed by any node finds a phone registered with any other. Per binding (contact URI) the
 * Call-ID/CSeq rule of step 7 keeps a delayed old REGISTER from undoing a newer one.
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
import { MemoryRegistrationStore } from './memoryRegistrationStore.ts';
import { type Binding, isOutOfOrder, type RegistrationStore } from './registrationStore.ts';

export type { Binding } from './registrationStore.ts';

export interface RegistrarOptions {
  readonly challenger: DigestChallenger;
  /** HA1 = MD5(user:realm:password) of an agent, by mail; undefined for nobody we know. */
  readonly ha1For: (username: string) => Promise<string | undefined>;
  readonly now: () => number;
  /** Where bindings live; in this process's memory when absent. */
  readonly store?: RegistrationStore;
  readonly minExpiresSeconds?: number;
  readonly maxExpiresSeconds?: number;
  readonly defaultExpiresSeconds?: number;
}

export class Registrar {
  private readonly store: RegistrationStore;
  private readonly minExpires: number;
  private readonly maxExpires: number;
  private readonly defaultExpires: number;

  constructor(private readonly options: RegistrarOptions) {
    this.minExpires = options.minExpiresSeconds ?? 60;
    this.maxExpires = options.maxExpiresSeconds ?? 3600;
    this.defaultExpires = options.defaultExpiresSeconds ?? 3600;
    this.store = options.store ?? new MemoryRegistrationStore();
  }

  /** The contact URI a call to this agent goes to: the freshest live binding, if any. */
  async lookup(username: string): Promise<string | undefined> {
    return (await this.liveBindings(username))[0]?.contact;
  }

  /** Freshest first. */
  liveBindings(username: string): Promise<Binding[]> {
    return this.store.liveBindings(username.toLowerCase(), this.options.now());
  }

  async handle(request: SipRequest): Promise<SipResponse> {
    const authorization = getHeader(request, 'authorization');
    if (authorization === undefined) return this.challenge(request, false);
    const verdict = await this.options.challenger.verify(
      authorization,
      { method: 'REGISTER', uri: request.uri },
      this.options.ha1For,
    );
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

    if (contacts.length === 1 && contacts[0] === '*') {
      if (headerExpires !== 0) return createResponse(request, 400, {}, 'Wildcard Needs Expires 0');
      const order = { callId, cseq };
      if ((await this.store.liveBindings(username, now)).some((b) => isOutOfOrder(b, order, now))) {
        return createResponse(request, 500, {}, 'Out Of Order REGISTER');
      }
      await this.store.removeAll(username, order);
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
    // What this request has written counts for its own later contacts, as it would in one map.
    const known = new Map((await this.store.liveBindings(username, now)).map((b) => [b.contact, b]));
    for (const { contact, expires } of updates) {
      const existing = known.get(contact);
      if (existing && isOutOfOrder(existing, { callId, cseq }, now)) {
        return createResponse(request, 500, {}, 'Out Of Order REGISTER');
      }
      if (expires === 0) {
        known.delete(contact);
        await this.store.remove(username, contact, { callId, cseq });
      } else {
        const binding = { contact, expiresAt: now + expires * 1000, callId, cseq, registeredAt: now };
        known.set(contact, binding);
        await this.store.save(username, binding, now);
      }
    }

    const current = (await this.store.liveBindings(username, now)).map((b) => ({
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
