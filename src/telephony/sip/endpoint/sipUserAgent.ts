/**
 * The dialer's SIP user agent core (RFC 3261 §8, §12): it places calls (`invite`), keeps the
 * confirmed legs by dialog, and answers what peers send it —
 * - requests inside a known dialog go to their leg (BYE, OPTIONS …); inside an unknown one: 481;
 * - REGISTER goes to the built-in registrar when it is on, else 405;
 * - OPTIONS outside a dialog gets 200 (trunks and phones ping with it);
 * - an INVITE outside a dialog gets 480: the dialer places calls, it does not take them;
 * - a 2xx whose INVITE transaction is gone (a late fork) is acknowledged and hung up.
 */
import type { Logger } from 'pino';
import type { DigestCredentials } from '../auth/digestResponse.ts';
import { CallLeg, type LegRegistry } from '../dialog/callLeg.ts';
import { Dialog, dialogKeyOfRequest, dialogKeyOfResponse } from '../dialog/dialog.ts';
import { OutgoingInvite, type OutgoingInviteEvents } from '../dialog/outgoingInvite.ts';
import { createResponse } from '../message/createResponse.ts';
import { parseCSeq } from '../message/cseq.ts';
import { formatNameAddr, parseNameAddr } from '../message/nameAddr.ts';
import { newCallId, newTag } from '../message/sipIdentifiers.ts';
import {
  EMPTY_BODY,
  getHeaders,
  requireHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '../message/sipMessage.ts';
import type { Registrar } from '../registrar/registrar.ts';
import type { InviteServerTransaction } from '../transaction/inviteServerTransaction.ts';
import type { SipTarget, TransportProtocol } from '../transport/sipTransport.ts';
import type { EndpointCore, ServerTransaction } from './endpointCore.ts';
import { resolveTarget } from './resolveTarget.ts';
import type { SipEndpoint } from './sipEndpoint.ts';

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER';

export interface InviteOptions {
  /** Request-URI and, by default, To. */
  readonly requestUri: string;
  /** The From address without tag, e.g. `<sip:+8610001@dialer>`. */
  readonly from: string;
  readonly to?: string;
  /** Where the INVITE goes (the trunk, the agent's phone); by default resolved from the Request-URI. */
  readonly target?: SipTarget;
  /** The transport for a Request-URI that names none. */
  readonly protocol?: TransportProtocol;
  readonly headers?: readonly SipHeader[];
  /** The offer; none for a delayed offer (the answer then goes in the ACK). */
  readonly body?: Buffer;
  readonly credentials?: DigestCredentials;
}

export class SipUserAgent implements EndpointCore, LegRegistry {
  private readonly legs = new Map<string, CallLeg>();
  readonly #hungUpStrays = new Map<string, CallLeg>();

  constructor(
    readonly endpoint: SipEndpoint,
    private readonly logger: Logger,
    private readonly registrar?: Registrar,
  ) {
    endpoint.setCore(this);
  }

  get openLegs(): number {
    return this.legs.size;
  }

  add(leg: CallLeg): void {
    this.legs.set(leg.dialog.key, leg);
  }

  remove(leg: CallLeg): void {
    if (this.legs.get(leg.dialog.key) === leg) this.legs.delete(leg.dialog.key);
  }

  dismissed(leg: CallLeg): void {
    this.#rememberHungUpStray(leg.dialog.key, leg);
  }

  async invite(options: InviteOptions, events: OutgoingInviteEvents): Promise<OutgoingInvite> {
    const protocol = options.target?.protocol ?? options.protocol ?? 'udp';
    const target = options.target ?? (await resolveTarget(options.requestUri, protocol));
    const contact = this.endpoint.contactUri(target.protocol);
    const from = parseNameAddr(options.from);
    const headers: SipHeader[] = [
      { name: 'max-forwards', value: '70' },
      {
        name: 'from',
        value: formatNameAddr({ ...from, params: new Map([...from.params, ['tag', newTag()]]) }),
      },
      { name: 'to', value: options.to ?? `<${options.requestUri}>` },
      { name: 'call-id', value: newCallId(this.endpoint.host) },
      { name: 'cseq', value: '1 INVITE' },
      { name: 'contact', value: `<${contact}>` },
      { name: 'allow', value: ALLOW },
      { name: 'user-agent', value: this.endpoint.userAgent },
      ...(options.headers ?? []),
    ];
    if (options.body && options.body.length > 0)
      headers.push({ name: 'content-type', value: 'application/sdp' });
    const request: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri: options.requestUri,
      headers,
      body: options.body ?? EMPTY_BODY,
    };
    return new OutgoingInvite(
      request,
      target,
      {
        endpoint: this.endpoint,
        registry: this,
        logger: this.logger,
        credentials: options.credentials,
        contact,
      },
      events,
    );
  }

  request(request: SipRequest, transaction: ServerTransaction, _source: SipTarget): void {
    const key = dialogKeyOfRequest(request);
    if (key !== undefined) {
      const leg = this.legs.get(key);
      if (leg) leg.handleRequest(request, transaction);
      else transaction.respond(createResponse(request, 481));
      return;
    }
    switch (request.method) {
      case 'REGISTER':
        if (!this.registrar) {
          transaction.respond(createResponse(request, 405, { headers: [{ name: 'allow', value: ALLOW }] }));
          return;
        }
        this.register(request, transaction, this.registrar);
        return;
      case 'OPTIONS':
        transaction.respond(createResponse(request, 200, { headers: [{ name: 'allow', value: ALLOW }] }));
        return;
      case 'INVITE':
        transaction.respond(createResponse(request, 480, {}, 'Outbound Only'));
        return;
      case 'BYE':
        transaction.respond(createResponse(request, 481));
        return;
      default:
        transaction.respond(createResponse(request, 405, { headers: [{ name: 'allow', value: ALLOW }] }));
    }
  }

  /**
   * The registrar answers later, from a promise: nothing there may throw, or the rejection would
   * go unhandled and end the process.
   */
  private register(request: SipRequest, transaction: ServerTransaction, registrar: Registrar): void {
    registrar.handle(request).then(
      (response) => this.respondLater(transaction, () => response),
      (error: unknown) => {
        this.logger.error({ err: error }, 'registrar failed');
        this.respondLater(transaction, () => createResponse(request, 500));
      },
    );
  }

  private respondLater(transaction: ServerTransaction, response: () => SipResponse): void {
    try {
      transaction.respond(response());
    } catch (error) {
      this.logger.warn({ err: error }, 'could not answer a REGISTER');
    }
  }

  ack(request: SipRequest): void {
    // The ACK of a 2xx we sent: we never answer an INVITE with 2xx, so there is nothing to stop.
    this.logger.trace({ callId: requireHeader(request, 'call-id') }, 'ACK outside a transaction');
  }

  cancelled(invite: InviteServerTransaction): void {
    invite.respond(createResponse(invite.request, 487));
  }

  stray2xx(response: SipResponse, source: SipTarget): void {
    const key = dialogKeyOfResponse(response);
    const known = key === undefined ? undefined : (this.legs.get(key) ?? this.#hungUpStrays.get(key));
    if (known) {
      // Our ACK was lost long enough for the INVITE transaction to end: acknowledge again.
      known.reAck().catch(() => {});
      return;
    }
    // Rebuild the INVITE's dialog identifiers from the response (§13.2.2.4), ACK it, then BYE it,
    // over the transport it came on: our INVITE's, which a Contact without `transport=` does not
    // name. Without Contact there is no remote target; the hop that sent the 2xx is the one that
    // took our INVITE, and over TCP its connection is the one the 2xx came on.
    const { protocol } = source;
    const fromSource = `sip:${uriHost(source.host)}:${source.port}${protocol === 'tcp' ? ';transport=tcp' : ''}`;
    if (getHeaders(response, 'contact').length === 0) {
      this.logger.warn({ callId: requireHeader(response, 'call-id'), source }, 'stray 2xx without Contact');
    }
    const seq = parseCSeq(requireHeader(response, 'cseq')).seq;
    const request: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri: fromSource,
      headers: [
        { name: 'from', value: requireHeader(response, 'from') },
        { name: 'to', value: requireHeader(response, 'to') },
        { name: 'call-id', value: requireHeader(response, 'call-id') },
        { name: 'cseq', value: `${seq} INVITE` },
      ],
      body: EMPTY_BODY,
    };
    try {
      const dialog = Dialog.fromUacResponse(
        request,
        response,
        this.endpoint.contactUri(protocol),
        fromSource,
      );
      const leg = new CallLeg(dialog, response, this.endpoint, protocol, this, this.logger);
      this.dismissed(leg);
      leg
        .ack()
        .then(() => leg.hangUp())
        .catch(() => {});
    } catch (error) {
      this.logger.warn({ err: error }, 'could not hang up a stray 2xx');
    }
  }

  /**
   * A stray or dismissed 2xx is retransmitted until its ACK arrives (RFC 3261 §13.3.1.4): each copy
   * must be ACKed again, but hung up only once, so the leg that hung it up is kept for its
   * retransmissions. The last few hundred are enough: a UAS retransmits for 32 s at most.
   */
  #rememberHungUpStray(key: string, leg: CallLeg): void {
    this.#hungUpStrays.set(key, leg);
    if (this.#hungUpStrays.size > 256) this.#hungUpStrays.delete(this.#hungUpStrays.keys().next().value!);
  }

  /** Hangs up every open leg (shutdown). */
  async hangUpAll(): Promise<void> {
    await Promise.all([...this.legs.values()].map((leg) => leg.hangUp()));
  }
}

/** A host as it goes into a SIP URI: an IPv6 literal in brackets. */
function uriHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
