/**
 * The UAC side of one outgoing call attempt (RFC 3261 §13.2): sends the INVITE, reports
 * provisional responses, answers one digest challenge (401/407, §22.2) with a re-sent INVITE,
 * cancels on request (§9.1: only once a provisional response has come), and turns the first 2xx
 * into a `CallLeg`. A 2xx from another fork, one that races our CANCEL or follows a final failure,
 * and one we cannot use (no Contact) are acknowledged and hung up at once (§13.2.2.4, §15), so that
 * no answered call is left open at the far end; their retransmissions are only acknowledged again.
 * Once cancelled, the attempt ends within 64×T1 even if the peer never sends the final response
 * (§9.1).
 */
import type { Logger } from 'pino';
import { parseDigestHeader } from '../auth/digestHeader.ts';
import { authorizationFor, type DigestCredentials } from '../auth/digestResponse.ts';
import type { SipEndpoint } from '../endpoint/sipEndpoint.ts';
import { parseCSeq } from '../message/cseq.ts';
import {
  getHeader,
  getHeaders,
  requireHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
  withHeader,
} from '../message/sipMessage.ts';
import { rejectingAnswer } from '../sdp/rejectingAnswer.ts';
import { SessionOrigin } from '../sdp/sessionOrigin.ts';
import type { InviteClientTransaction } from '../transaction/inviteClientTransaction.ts';
import type { SipTarget } from '../transport/sipTransport.ts';
import { CallLeg, type LegRegistry } from './callLeg.ts';
import { Dialog, remoteTagOf } from './dialog.ts';

export type InviteFailure =
  /** A final non-2xx response. */
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly reason: string;
      readonly response: SipResponse;
    }
  /** Timer B: no final response from the next hop (RFC 3261 §8.1.3.1). */
  | { readonly kind: 'timeout' }
  /** The transport failed (connection refused): a local 503. */
  | { readonly kind: 'transport'; readonly error: Error }
  /**
   * We cancelled it: 487, a 2xx that raced the CANCEL and was hung up, or no final response
   * within 64×T1 of the CANCEL (§9.1).
   */
  | { readonly kind: 'cancelled' };

export interface OutgoingInviteEvents {
  /** 180, 183 and other provisional responses above 100. */
  progress(response: SipResponse): void;
  /** The first 2xx. The leg is not yet acknowledged: call `leg.ack()` (with the answer if we sent no offer). */
  answered(leg: CallLeg): void;
  failed(failure: InviteFailure): void;
}

export interface OutgoingInviteContext {
  readonly endpoint: SipEndpoint;
  readonly registry: LegRegistry;
  readonly logger: Logger;
  readonly credentials: DigestCredentials | undefined;
  /** Our Contact URI for this transport. */
  readonly contact: string;
}

export class OutgoingInvite {
  private transaction: InviteClientTransaction | undefined;
  private request: SipRequest;
  private provisionalSeen = false;
  private cancelWanted = false;
  private cancelSent = false;
  private authenticated = false;
  private leg: CallLeg | undefined;
  /** 2xx we ACKed and hung up, by To tag: a retransmission gets the ACK again, not another BYE. */
  private readonly dismissed = new Map<string, CallLeg>();
  private finished = false;

  constructor(
    initial: SipRequest,
    private readonly target: SipTarget,
    private readonly context: OutgoingInviteContext,
    private readonly events: OutgoingInviteEvents,
  ) {
    this.request = initial;
    this.send();
  }

  get callId(): string {
    return requireHeader(this.request, 'call-id');
  }

  /** Cancels the attempt if it has no final response yet; the outcome comes through `failed`. */
  cancel(): void {
    if (this.finished || this.cancelWanted) return;
    this.cancelWanted = true;
    if (this.provisionalSeen) this.sendCancel();
  }

  private send(): void {
    this.transaction = this.context.endpoint.sendRequest(this.request, this.target, {
      response: (response) => this.onResponse(response),
      timeout: () => this.fail(this.cancelSent ? { kind: 'cancelled' } : { kind: 'timeout' }),
      transportError: (error) => this.fail({ kind: 'transport', error }),
    }) as InviteClientTransaction;
  }

  private sendCancel(): void {
    if (this.cancelSent || !this.transaction) return;
    this.cancelSent = true;
    // How the CANCEL itself fares (200, 481, no answer) changes nothing: the INVITE's deadline
    // below ends the attempt whether or not its 487 ever comes.
    this.context.endpoint.sendCancel(this.transaction, {
      response: () => {},
      timeout: () => {},
      transportError: () => {},
    });
    this.transaction.giveUpAfterTimeout();
  }

  private onResponse(response: SipResponse): void {
    const { status } = response;
    if (status < 200) {
      if (status > 100) this.events.progress(response);
      if (!this.provisionalSeen) {
        this.provisionalSeen = true;
        if (this.cancelWanted) this.sendCancel();
      }
      return;
    }
    if (status < 300) {
      this.onSuccess(response);
      return;
    }
    if ((status === 401 || status === 407) && this.retryWithCredentials(response)) return;
    if (status === 487 && this.cancelWanted) this.fail({ kind: 'cancelled' });
    else this.fail({ kind: 'rejected', status, reason: response.reason, response });
  }

  private onSuccess(response: SipResponse): void {
    const known = this.legOfTag(remoteTagOf(requireHeader(response, 'to')));
    if (known) {
      // The same 2xx again: our ACK was lost.
      known.reAck().catch(() => {});
      return;
    }
    // Another fork answering too, or a 2xx after we gave up (a CANCEL, a final failure).
    if (this.leg || this.finished) {
      this.hangUpStray(response);
      return;
    }
    let leg: CallLeg;
    try {
      leg = this.newLeg(response);
    } catch (error) {
      this.context.logger.warn({ err: error, callId: this.callId }, 'unusable 2xx to INVITE');
      // Unusable to us, yet the far end has answered: left unacknowledged, the call stays up there.
      this.hangUpStray(response);
      this.fail(
        this.cancelWanted
          ? { kind: 'cancelled' }
          : { kind: 'rejected', status: 502, reason: 'Bad 2xx', response },
      );
      return;
    }
    if (this.cancelWanted) {
      // The 2xx raced our CANCEL: the call was answered, but we no longer want it.
      this.finished = true;
      this.dismiss(leg);
      this.events.failed({ kind: 'cancelled' });
      return;
    }
    this.leg = leg;
    this.finished = true;
    this.events.answered(leg);
  }

  /** The leg, kept or dismissed, that a 2xx with this To tag already made. */
  private legOfTag(remoteTag: string): CallLeg | undefined {
    if (remoteTag === this.leg?.dialog.remoteTag) return this.leg;
    return this.dismissed.get(remoteTag);
  }

  /**
   * ACKs and BYEs a 2xx we will not use. One without Contact names no remote target, so its ACK and
   * BYE go to our INVITE's Request-URI: the only address of the far end we have, and the one that
   * routed the INVITE to it.
   */
  private hangUpStray(response: SipResponse): void {
    if (getHeaders(response, 'contact').length === 0) {
      this.context.logger.warn(
        { callId: this.callId },
        '2xx to INVITE without Contact: ACK and BYE to the Request-URI',
      );
    }
    try {
      this.dismiss(this.newLeg(response, this.request.uri));
    } catch (error) {
      this.context.logger.warn({ err: error, callId: this.callId }, 'could not hang up a stray 2xx');
    }
  }

  private newLeg(response: SipResponse, fallbackTarget?: string): CallLeg {
    const dialog = Dialog.fromUacResponse(this.request, response, this.context.contact, fallbackTarget);
    return new CallLeg(
      dialog,
      response,
      this.context.endpoint,
      this.target.protocol,
      this.context.registry,
      this.context.logger,
    );
  }

  /**
   * Acknowledges a 2xx we do not want and hangs it up. When our INVITE had no offer, the 2xx
   * carries one, and the ACK must answer it: with every stream declined.
   */
  private dismiss(leg: CallLeg): void {
    this.dismissed.set(leg.dialog.remoteTag, leg);
    this.context.registry.dismissed(leg);
    const host = this.context.endpoint.host;
    const offer = leg.answerBody;
    const answer =
      this.request.body.length === 0 && offer.length > 0
        ? rejectingAnswer(offer, new SessionOrigin(host), host)
        : undefined;
    leg
      .ack(answer)
      .then(() => leg.hangUp())
      .catch((error) =>
        this.context.logger.warn({ err: error, callId: this.callId }, 'could not hang up a 2xx'),
      );
  }

  /** One retry per attempt with digest credentials; false when we cannot answer the challenge. */
  private retryWithCredentials(response: SipResponse): boolean {
    const credentials = this.context.credentials;
    if (!credentials || this.authenticated || this.cancelWanted) return false;
    const proxy = response.status === 407;
    const challengeText = getHeader(response, proxy ? 'proxy-authenticate' : 'www-authenticate');
    if (challengeText === undefined) return false;
    let authorization: string;
    try {
      authorization = authorizationFor(
        parseDigestHeader(challengeText),
        credentials,
        'INVITE',
        this.request.uri,
      );
    } catch (error) {
      this.context.logger.warn({ err: error, callId: this.callId }, 'cannot answer the trunk challenge');
      return false;
    }
    this.authenticated = true;
    // §22.2: same Call-ID and From tag, next CSeq, a new branch (the endpoint adds the Via).
    const seq = parseCSeq(requireHeader(this.request, 'cseq')).seq + 1;
    let headers: SipHeader[] = withHeader(this.request.headers, 'via');
    headers = withHeader(headers, 'cseq', `${seq} INVITE`);
    headers = withHeader(headers, proxy ? 'proxy-authorization' : 'authorization', authorization);
    this.request = { ...this.request, headers };
    this.provisionalSeen = false;
    this.send();
    return true;
  }

  private fail(failure: InviteFailure): void {
    if (this.finished) return;
    this.finished = true;
    this.events.failed(failure);
  }
}
