/**
 * One confirmed call leg: a dialog plus what the dialer does with it — acknowledge its answer,
 * re-INVITE it with another endpoint's session description (third-party call control), hang it up,
 * and notice when the far end hangs up.
 *
 * Incoming requests in the dialog: BYE ends the leg (200); OPTIONS and INFO get 200; a re-INVITE
 * or UPDATE from the far end is refused with 488 (the session stays as it was, RFC 3261 §14.2),
 * or 491 while our own re-INVITE is pending (§14.1). A 408 or 481 to one of our requests ends the
 * dialog (§12.2.1.2).
 */
import type { Logger } from 'pino';
import type { ServerTransaction } from '../endpoint/endpointCore.ts';
import { literalTarget, resolveTarget } from '../endpoint/resolveTarget.ts';
import type { SipEndpoint } from '../endpoint/sipEndpoint.ts';
import { createResponse } from '../message/createResponse.ts';
import { parseCSeq } from '../message/cseq.ts';
import { requireHeader, type SipHeader, type SipRequest, type SipResponse } from '../message/sipMessage.ts';
import { InviteClientTransaction } from '../transaction/inviteClientTransaction.ts';
import type { SipTarget, TransportProtocol } from '../transport/sipTransport.ts';
import { contentTypeOf, type Dialog } from './dialog.ts';

export type LegEndReason =
  /** The far end sent BYE. */
  | 'remoteBye'
  /** We sent BYE. */
  | 'localBye'
  /** A request in the dialog failed with 408/481 or timed out: the dialog is gone. */
  | 'dialogLost';

export interface ReinviteResult {
  readonly status: number;
  /** The far end's session description (its answer), when the 2xx had one. */
  readonly body: Buffer;
  /** The 2xx must be acknowledged; with a body when the re-INVITE carried no offer. */
  readonly ack: (body?: Buffer) => void;
}

export interface LegRegistry {
  add(leg: CallLeg): void;
  remove(leg: CallLeg): void;
  /**
   * A leg whose 2xx we ACKed only to hang it up. Its retransmissions may outlast the INVITE
   * transaction that made it: they must then be ACKed again, not hung up a second time.
   */
  dismissed(leg: CallLeg): void;
}

export class CallLeg {
  private ended: LegEndReason | undefined;
  private readonly endListeners: ((reason: LegEndReason) => void)[] = [];
  private inviteSeq: number;
  private pendingReinvite = false;
  private lastAck: SipRequest | undefined;

  constructor(
    readonly dialog: Dialog,
    /** The 2xx that created the dialog. */
    readonly answer: SipResponse,
    private readonly endpoint: SipEndpoint,
    private readonly protocol: TransportProtocol,
    private readonly registry: LegRegistry,
    private readonly logger: Logger,
  ) {
    this.inviteSeq = parseCSeq(requireHeader(answer, 'cseq')).seq;
    registry.add(this);
  }

  get callId(): string {
    return this.dialog.callId;
  }

  /** The session description of the 2xx that created the leg (empty if it had none). */
  get answerBody(): Buffer {
    return contentTypeOf(this.answer) === 'application/sdp' ? this.answer.body : Buffer.alloc(0);
  }

  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  onEnded(listener: (reason: LegEndReason) => void): void {
    if (this.ended) listener(this.ended);
    else this.endListeners.push(listener);
  }

  /** Acknowledges the INVITE's (or last re-INVITE's) 2xx; with the answer if it carried the offer. */
  async ack(body?: Buffer): Promise<void> {
    const ack = this.dialog.createAck(this.inviteSeq, { body });
    this.lastAck = ack;
    const hop = this.nextHop();
    this.endpoint.sendAck(ack, hop instanceof Promise ? await hop : hop);
  }

  /** A retransmitted 2xx of the INVITE this leg acknowledged: our ACK was lost, send it again. */
  async reAck(): Promise<void> {
    const ack = this.lastAck;
    if (ack && parseCSeq(requireHeader(ack, 'cseq')).seq === this.inviteSeq) {
      const hop = this.nextHop();
      this.endpoint.sendAck(ack, hop instanceof Promise ? await hop : hop);
    }
  }

  /** Sends BYE; resolves when it is answered or times out. The leg is ended at once (§15.1.1). */
  async hangUp(): Promise<void> {
    if (this.ended) return;
    this.end('localBye');
    const bye = this.dialog.createRequest('BYE');
    await this.transact(bye);
  }

  /** A re-INVITE carrying `offer` (or no body, to ask the far end for an offer). */
  async reinvite(offer: Buffer | undefined, headers: readonly SipHeader[] = []): Promise<ReinviteResult> {
    if (this.ended) throw new Error(`leg ${this.callId} already ended`);
    if (this.pendingReinvite) throw new Error(`leg ${this.callId} has a re-INVITE pending`);
    this.pendingReinvite = true;
    const request = this.dialog.createRequest('INVITE', { body: offer, headers });
    const seq = parseCSeq(requireHeader(request, 'cseq')).seq;
    try {
      const response = await this.transact(request);
      if (response === undefined) throw new Error(`re-INVITE of ${this.callId} timed out`);
      if (response.status >= 200 && response.status < 300) {
        this.inviteSeq = seq;
        this.dialog.refreshTarget(response);
      }
      return {
        status: response.status,
        body: contentTypeOf(response) === 'application/sdp' ? response.body : Buffer.alloc(0),
        ack: (body) => {
          this.ack(body).catch((error) =>
            this.logger.warn({ err: error, callId: this.callId }, 'ACK not sent'),
          );
        },
      };
    } finally {
      this.pendingReinvite = false;
    }
  }

  /** A request the user agent routed to this dialog. */
  handleRequest(request: SipRequest, transaction: ServerTransaction): void {
    if (!this.dialog.acceptRemoteSeq(request)) {
      transaction.respond(createResponse(request, 500, {}, 'CSeq Out of Order'));
      return;
    }
    switch (request.method) {
      case 'BYE':
        transaction.respond(createResponse(request, 200));
        this.end('remoteBye');
        return;
      case 'OPTIONS':
      case 'INFO':
        transaction.respond(createResponse(request, 200));
        return;
      case 'INVITE':
        transaction.respond(createResponse(request, this.pendingReinvite ? 491 : 488));
        return;
      case 'UPDATE':
        transaction.respond(createResponse(request, 488));
        return;
      default:
        transaction.respond(
          createResponse(request, 405, {
            headers: [{ name: 'allow', value: 'ACK, BYE, CANCEL, INFO, OPTIONS' }],
          }),
        );
    }
  }

  private end(reason: LegEndReason): void {
    if (this.ended) return;
    this.ended = reason;
    this.registry.remove(this);
    for (const listener of this.endListeners.splice(0)) listener(reason);
  }

  /** Where requests of the dialog go: at once for an IP literal, through the resolver for a name. */
  private nextHop(): SipTarget | Promise<SipTarget> {
    const uri = this.dialog.nextHopUri();
    return literalTarget(uri, this.protocol) ?? resolveTarget(uri, this.protocol);
  }

  /** One request in a client transaction; the final response, or undefined on timeout/transport failure. */
  private async transact(request: SipRequest): Promise<SipResponse | undefined> {
    const hop = this.nextHop();
    const target = hop instanceof Promise ? await hop : hop;
    const response = await new Promise<SipResponse | undefined>((resolve) => {
      let settled = false;
      const done = (r: SipResponse | undefined) => {
        settled = true;
        resolve(r);
      };
      const transaction = this.endpoint.sendRequest(request, target, {
        response: (r) => {
          if (!settled) {
            if (r.status >= 200) done(r);
          } else if (request.method === 'INVITE' && r.status < 300) {
            // A retransmitted 2xx of our re-INVITE: the ACK was lost (or is still to come).
            this.reAck().catch(() => {});
          }
        },
        timeout: () => done(undefined),
        transportError: () => done(undefined),
      });
      // A provisional stops timer B, and nobody cancels a re-INVITE: without this deadline, a peer
      // that sends 100 and then nothing would hold the re-INVITE (and whoever awaits it) for ever.
      if (transaction instanceof InviteClientTransaction) transaction.giveUpAfterTimeout();
    });
    if (response === undefined || response.status === 408 || response.status === 481) {
      if (request.method !== 'BYE')
        this.logger.info({ callId: this.callId, method: request.method }, 'dialog lost');
      this.end('dialogLost');
    }
    return response;
  }
}
