/**
 * The SIP endpoint: transports plus the transaction layer (RFC 3261 §17, §18), below the dialer's
 * own logic (the "core"). It listens on one address over UDP and TCP, matches every message to its
 * transaction, creates server transactions for new requests and hands them to the core, and sends
 * the core's requests in client transactions that carry a fresh Via branch.
 *
 * Two things bypass transactions on purpose: the ACK of a 2xx (end to end, sent by the dialog) and
 * a 2xx that arrives after its INVITE transaction is gone (passed to the core, which ACKs and BYEs
 * it). CANCEL is answered here, because its matching rule is the transaction layer's (§9.2).
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../domain/clock.ts';
import { createResponse } from '../message/createResponse.ts';
import { parseCSeq } from '../message/cseq.ts';
import { newBranch } from '../message/sipIdentifiers.ts';
import {
  getHeader,
  headerFields,
  requireHeader,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  withHeader,
} from '../message/sipMessage.ts';
import { parseVia, withOneViaPerField } from '../message/via.ts';
import { InviteClientTransaction, type InviteClientUser } from '../transaction/inviteClientTransaction.ts';
import { InviteServerTransaction } from '../transaction/inviteServerTransaction.ts';
import {
  NonInviteClientTransaction,
  type NonInviteClientUser,
} from '../transaction/nonInviteClientTransaction.ts';
import { NonInviteServerTransaction } from '../transaction/nonInviteServerTransaction.ts';
import { RFC3261_TIMERS, type SipTimerValues } from '../transaction/timerValues.ts';
import type { TransactionContext } from '../transaction/transactionContext.ts';
import { clientKeyOfRequest, clientKeyOfResponse, serverKey } from '../transaction/transactionKeys.ts';
import { responseTarget, stampReceived } from '../transport/responseTarget.ts';
import type {
  ReceivedMessage,
  SipTarget,
  SipTransport,
  TransportEvents,
  TransportProtocol,
} from '../transport/sipTransport.ts';
import { targetKey } from '../transport/sipTransport.ts';
import { openTcpTransport } from '../transport/tcpTransport.ts';
import { openUdpTransport } from '../transport/udpTransport.ts';
import {
  type ClientTransaction,
  type EndpointCore,
  IGNORING_CORE,
  type ServerTransaction,
} from './endpointCore.ts';
import { TrackedClock } from './trackedClock.ts';

export interface SipEndpointOptions {
  /** An IP address: it goes into Via and Contact as it is. */
  readonly host: string;
  readonly port: number;
  readonly protocols?: readonly TransportProtocol[];
  readonly clock: Clock;
  readonly timers?: SipTimerValues;
  readonly logger: Logger;
  readonly userAgent?: string;
}

interface ClientEntry {
  readonly transaction: ClientTransaction;
  readonly target: SipTarget;
}

export class SipEndpoint {
  private readonly transports = new Map<TransportProtocol, SipTransport>();
  private readonly clients = new Map<string, ClientEntry>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clock: TrackedClock;
  private readonly timers: SipTimerValues;
  private readonly logger: Logger;
  private core: EndpointCore = IGNORING_CORE;
  private closed = false;
  readonly userAgent: string;

  private boundPort: number;

  private constructor(
    readonly host: string,
    options: SipEndpointOptions,
  ) {
    this.boundPort = options.port;
    this.clock = new TrackedClock(options.clock);
    this.timers = options.timers ?? RFC3261_TIMERS;
    this.logger = options.logger;
    this.userAgent = options.userAgent ?? 'ccc-dialer';
  }

  static async open(options: SipEndpointOptions): Promise<SipEndpoint> {
    const endpoint = new SipEndpoint(options.host, options);
    const events: TransportEvents = {
      message: (received) => endpoint.receive(received),
      sendFailed: (target, error) => endpoint.sendFailed(target, error),
      malformed: (source, error) =>
        endpoint.logger.debug({ source, err: error.message }, 'dropped a malformed SIP message'),
    };
    try {
      for (const protocol of options.protocols ?? ['udp', 'tcp']) {
        // Port 0 asks for any free port; the other transport then binds the same one, so that Via
        // and Contact name one address.
        const open = protocol === 'udp' ? openUdpTransport : openTcpTransport;
        const transport = await open(options.host, endpoint.boundPort, events);
        endpoint.boundPort = transport.local.port;
        endpoint.transports.set(protocol, transport);
      }
    } catch (error) {
      await endpoint.close();
      throw error;
    }
    return endpoint;
  }

  get port(): number {
    return this.boundPort;
  }

  setCore(core: EndpointCore): void {
    this.core = core;
  }

  /** Open transactions, for tests and the close check. */
  get openTransactions(): { readonly client: number; readonly server: number } {
    return { client: this.clients.size, server: this.servers.size };
  }

  supports(protocol: TransportProtocol): boolean {
    return this.transports.has(protocol);
  }

  /** `sip:user@host:port;transport=…` of this endpoint, for Contact. */
  contactUri(protocol: TransportProtocol, user?: string): string {
    const userPart = user === undefined ? '' : `${user}@`;
    const transport = protocol === 'tcp' ? ';transport=tcp' : '';
    return `sip:${userPart}${this.host}:${this.port}${transport}`;
  }

  /**
   * Sends a request in a new client transaction. The request must not carry a Via: the endpoint
   * adds its own, with a fresh branch.
   */
  sendRequest(
    request: SipRequest,
    target: SipTarget,
    user: InviteClientUser | NonInviteClientUser,
  ): ClientTransaction {
    const stamped: SipRequest = { ...request, headers: this.withOwnVia(request.headers, target.protocol) };
    return this.startClient(stamped, target, user);
  }

  /**
   * CANCEL for an INVITE client transaction (RFC 3261 §9.1): the INVITE's Request-URI, Call-ID,
   * From, To, CSeq number, top Via and Route, sent where the INVITE went.
   */
  sendCancel(
    invite: InviteClientTransaction,
    user: NonInviteClientUser,
  ): NonInviteClientTransaction | undefined {
    const entry = this.clients.get(clientKeyOfRequest(invite.request));
    if (!entry) return undefined;
    const original = invite.request;
    const seq = parseCSeq(requireHeader(original, 'cseq')).seq;
    const headers: SipHeader[] = [
      headerFields(original, 'via')[0] ?? { name: 'via', value: requireHeader(original, 'via') },
      { name: 'max-forwards', value: '70' },
      { name: 'from', value: requireHeader(original, 'from') },
      { name: 'to', value: requireHeader(original, 'to') },
      { name: 'call-id', value: requireHeader(original, 'call-id') },
      { name: 'cseq', value: `${seq} CANCEL` },
      ...headerFields(original, 'route'),
      { name: 'user-agent', value: this.userAgent },
    ];
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: original.uri,
      headers,
      body: Buffer.alloc(0),
    };
    return this.startClient(cancel, entry.target, user) as NonInviteClientTransaction;
  }

  /** The ACK of a 2xx: end to end, outside any transaction, with a branch of its own (§13.2.2.4). */
  sendAck(ack: SipRequest, target: SipTarget): void {
    this.transmit({ ...ack, headers: this.withOwnVia(ack.headers, target.protocol) }, target);
  }

  /** Sends a response outside any transaction: the 2xx retransmissions of a UAS core (§13.3.1.4). */
  sendResponse(request: SipRequest, response: SipResponse, source: SipTarget): void {
    this.transmitResponse(response, responseTarget(requireHeader(request, 'via'), source));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.clearAll();
    this.clients.clear();
    this.servers.clear();
    await Promise.all([...this.transports.values()].map((t) => t.close()));
  }

  private withOwnVia(headers: readonly SipHeader[], protocol: TransportProtocol): SipHeader[] {
    const rport = protocol === 'udp' ? ';rport' : '';
    const via = `SIP/2.0/${protocol.toUpperCase()} ${this.host}:${this.port};branch=${newBranch()}${rport}`;
    return [{ name: 'via', value: via }, ...withHeader(headers, 'via')];
  }

  private startClient(
    request: SipRequest,
    target: SipTarget,
    user: InviteClientUser | NonInviteClientUser,
  ): ClientTransaction {
    const key = clientKeyOfRequest(request);
    const transport = this.transport(target.protocol);
    const context: TransactionContext = {
      clock: this.clock,
      timers: this.timers,
      reliable: transport.reliable,
      send: (message) => this.transmit(message, target),
      terminated: () => {
        if (this.clients.get(key)?.transaction === transaction) this.clients.delete(key);
      },
    };
    const transaction: ClientTransaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(request, context, user as InviteClientUser)
        : new NonInviteClientTransaction(request, context, user as NonInviteClientUser);
    this.clients.set(key, { transaction, target });
    return transaction;
  }

  private transport(protocol: TransportProtocol): SipTransport {
    const transport = this.transports.get(protocol);
    if (!transport) throw new Error(`the SIP endpoint does not listen on ${protocol}`);
    return transport;
  }

  private transmit(message: SipMessage, target: SipTarget): void {
    if (this.closed) return;
    this.transport(target.protocol).send(message, target);
  }

  /**
   * A response that cannot be sent is lost like a dropped datagram: the peer retransmits, or gives
   * up. Throwing instead would unwind into the core's code (a promise chain, a timer) that has no
   * one to hand the error to.
   */
  private transmitResponse(response: SipMessage, target: SipTarget): void {
    try {
      this.transmit(response, target);
    } catch (error) {
      this.logger.warn({ err: error, target }, 'could not send a SIP response');
    }
  }

  private receive(received: ReceivedMessage): void {
    try {
      const message = withOneViaPerField(received.message);
      if (message.kind === 'response') this.receiveResponse(message, received.source);
      else this.receiveRequest(message, received.source);
    } catch (error) {
      this.logger.warn({ err: error, source: received.source }, 'SIP message not processed');
    }
  }

  private receiveResponse(response: SipResponse, source: SipTarget): void {
    // §18.1.2: a response whose top Via is not ours was misrouted.
    const via = parseVia(requireHeader(response, 'via'));
    if (via.host !== this.host || (via.port ?? 5060) !== this.port) {
      this.logger.debug({ via: getHeader(response, 'via') }, 'dropped a response for another sent-by');
      return;
    }
    const key = clientKeyOfResponse(response);
    const entry = key === undefined ? undefined : this.clients.get(key);
    if (entry) {
      entry.transaction.receive(response);
      return;
    }
    const method = parseCSeq(requireHeader(response, 'cseq')).method;
    if (method === 'INVITE' && response.status >= 200 && response.status < 300) {
      this.core.stray2xx(response, source);
    }
  }

  private receiveRequest(incoming: SipRequest, source: SipTarget): void {
    const vias = headerFields(incoming, 'via').map((v) => v.value);
    const topVia = stampReceived(requireHeader(incoming, 'via'), source);
    const request: SipRequest = {
      ...incoming,
      headers: withHeader(incoming.headers, 'via', topVia, ...vias.slice(1)),
    };
    const key = serverKey(request);
    const existing = this.servers.get(key);
    if (request.method === 'ACK') {
      if (existing instanceof InviteServerTransaction && existing.currentState === 'completed') {
        existing.receive(request);
      } else {
        this.core.ack(request);
      }
      return;
    }
    if (existing) {
      existing.receive(request);
      return;
    }
    const transaction = this.startServer(request, key, source);
    try {
      this.dispatch(request, transaction, source);
    } catch (error) {
      this.logger.warn({ err: error, source }, 'SIP request not handled');
      this.rejectUnhandled(request, transaction, key);
    }
  }

  private dispatch(request: SipRequest, transaction: ServerTransaction, source: SipTarget): void {
    if (request.method === 'CANCEL') {
      const invite = this.servers.get(serverKey(request, 'INVITE'));
      if (!(invite instanceof InviteServerTransaction)) {
        transaction.respond(createResponse(request, 481));
        return;
      }
      transaction.respond(createResponse(request, 200));
      if (!invite.answered) this.core.cancelled(invite);
      return;
    }
    this.core.request(request, transaction, source);
  }

  /**
   * A request the core threw on gets 400, after which the transaction's own timers end it. When
   * not even a 400 can be built (a To that does not parse), the transaction is forgotten: left in
   * the map with no response and no timer, every such request from anyone would stay for ever.
   */
  private rejectUnhandled(request: SipRequest, transaction: ServerTransaction, key: string): void {
    if (awaitsFinalResponse(transaction)) {
      try {
        transaction.respond(createResponse(request, 400));
        return;
      } catch (error) {
        this.logger.debug({ err: error }, 'could not answer an unhandled SIP request');
      }
    }
    if (awaitsFinalResponse(transaction) && this.servers.get(key) === transaction) {
      this.servers.delete(key);
    }
  }

  private startServer(request: SipRequest, key: string, source: SipTarget): ServerTransaction {
    const target = responseTarget(requireHeader(request, 'via'), source);
    const context: TransactionContext = {
      clock: this.clock,
      timers: this.timers,
      reliable: this.transport(source.protocol).reliable,
      send: (message) => this.transmitResponse(message, target),
      terminated: () => {
        if (this.servers.get(key) === transaction) this.servers.delete(key);
      },
    };
    const transaction: ServerTransaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(request, context)
        : new NonInviteServerTransaction(request, context);
    this.servers.set(key, transaction);
    return transaction;
  }

  private sendFailed(target: SipTarget, error: Error): void {
    const key = targetKey(target);
    for (const entry of [...this.clients.values()]) {
      if (targetKey(entry.target) === key) entry.transaction.transportError(error);
    }
  }
}

/** Whether the transaction has sent no final response yet, so nothing will ever end it. */
function awaitsFinalResponse(transaction: ServerTransaction): boolean {
  const state = transaction.currentState;
  return state === 'trying' || state === 'proceeding';
}
