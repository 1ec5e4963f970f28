/**
 * INVITE client transaction (RFC 3261 §17.1.1, with RFC 6026's Accepted state).
 *
 * Calling: the INVITE is retransmitted on timer A (T1, doubling) over UDP until any response;
 * timer B (64×T1) gives up. A provisional response moves to Proceeding, where nothing is
 * retransmitted (the TU cancels a call that rings too long). Proceeding has no timer of its own, so
 * once the TU has cancelled (or will not wait on a re-INVITE for ever) it sets a deadline: 64×T1
 * without a final response and the transaction is destroyed (§9.1). A final non-2xx is
 * acknowledged here, hop by hop, with an ACK on the INVITE's branch, and Completed absorbs its
 * retransmissions for timer D. A 2xx is the TU's to acknowledge (end to end, in the dialog):
 * Accepted keeps passing 2xx — retransmissions, and 2xx from other forks — to the TU for timer M,
 * so each gets its ACK. A 2xx in Completed (a fork answering after another's failure) moves to
 * Accepted too: dropped there, it would never be ACKed nor hung up.
 */

import { parseCSeq } from '../message/cseq.ts';
import {
  EMPTY_BODY,
  getHeader,
  headerFields,
  requireHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '../message/sipMessage.ts';
import { transactionTimeout } from './timerValues.ts';
import { type TransactionContext, TransactionTimer } from './transactionContext.ts';

export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

export interface InviteClientUser {
  /** Every response the TU must see: provisionals, the final, and 2xx retransmissions in Accepted. */
  response(response: SipResponse): void;
  /**
   * Timer B fired, or the deadline the TU set passed: no final response. RFC 3261 §8.1.3.1 treats
   * it as 408, from no peer; after a CANCEL, §9.1 as the INVITE cancelled.
   */
  timeout(): void;
  /** The transport failed; treated as 503 (§8.1.3.1). */
  transportError(error: Error): void;
}

export class InviteClientTransaction {
  private state: InviteClientState = 'calling';
  private readonly timerA: TransactionTimer;
  private readonly timerB: TransactionTimer;
  private readonly timerD: TransactionTimer;
  private readonly deadline: TransactionTimer;
  private deadlineSet = false;
  private ack: SipRequest | undefined;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
    private readonly user: InviteClientUser,
  ) {
    this.timerA = new TransactionTimer(context.clock);
    this.timerB = new TransactionTimer(context.clock);
    this.timerD = new TransactionTimer(context.clock);
    this.deadline = new TransactionTimer(context.clock);
    context.send(request);
    if (!context.reliable) this.retransmitAfter(context.timers.t1);
    this.timerB.set(transactionTimeout(context.timers), () => {
      if (this.state !== 'calling') return;
      this.terminate();
      this.user.timeout();
    });
  }

  get currentState(): InviteClientState {
    return this.state;
  }

  receive(response: SipResponse): void {
    const { status } = response;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          this.state = 'proceeding';
          this.timerA.clear();
          this.timerB.clear();
          this.user.response(response);
        } else if (status < 300) {
          this.enterAccepted();
          this.user.response(response);
        } else {
          this.enterCompleted(response);
          this.user.response(response);
        }
        return;
      case 'completed':
        if (status >= 200 && status < 300) {
          // Another fork answered after the final failure (a proxy forwards a 2xx even then, RFC
          // 3261 §16.7): the TU must see it and its retransmissions for timer M, to ACK and BYE it
          // (OutgoingInvite does; a re-INVITE goes to the dialog's one peer, never forked).
          this.enterAccepted();
          this.user.response(response);
        } else {
          this.resendFailureAck(response);
        }
        return;
      case 'accepted':
        if (status >= 200 && status < 300) this.user.response(response);
        else this.resendFailureAck(response);
        return;
      case 'terminated':
        return;
    }
  }

  /**
   * Gives up if no final response comes within 64×T1 from now. The TU calls it when it sends a
   * CANCEL (§9.1: a peer that answers the CANCEL but never the INVITE must not hold the call open),
   * and for a re-INVITE, which nobody cancels. Set once: a second call does not extend it. A 2xx
   * after that finds no transaction and is the core's to ACK and BYE.
   */
  giveUpAfterTimeout(): void {
    if (this.deadlineSet || (this.state !== 'calling' && this.state !== 'proceeding')) return;
    this.deadlineSet = true;
    this.deadline.set(transactionTimeout(this.context.timers), () => {
      if (this.state !== 'calling' && this.state !== 'proceeding') return;
      this.terminate();
      this.user.timeout();
    });
  }

  transportError(error: Error): void {
    if (this.state === 'calling' || this.state === 'proceeding') {
      this.terminate();
      this.user.transportError(error);
    }
  }

  /** A retransmitted final failure: our hop-by-hop ACK of it was lost. */
  private resendFailureAck(response: SipResponse): void {
    if (response.status >= 300 && this.ack) this.context.send(this.ack);
  }

  private retransmitAfter(interval: number): void {
    this.timerA.set(interval, () => {
      if (this.state !== 'calling') return;
      this.context.send(this.request);
      this.retransmitAfter(interval * 2);
    });
  }

  private enterCompleted(response: SipResponse): void {
    this.state = 'completed';
    this.deadline.clear();
    this.timerA.clear();
    this.timerB.clear();
    this.ack = ackForFailure(this.request, response);
    this.context.send(this.ack);
    this.timerD.set(this.context.reliable ? 0 : this.context.timers.d, () => this.terminate());
  }

  private enterAccepted(): void {
    this.state = 'accepted';
    this.deadline.clear();
    this.timerA.clear();
    this.timerB.clear();
    this.timerD.set(transactionTimeout(this.context.timers), () => this.terminate());
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timerA.clear();
    this.timerB.clear();
    this.timerD.clear();
    this.deadline.clear();
    this.context.terminated();
  }
}

/** The hop-by-hop ACK of RFC 3261 §17.1.1.3: the INVITE's branch, URI and Route; the response's To. */
export function ackForFailure(invite: SipRequest, response: SipResponse): SipRequest {
  const cseq = parseCSeq(requireHeader(invite, 'cseq'));
  const headers: SipHeader[] = [
    headerFields(invite, 'via')[0] ?? { name: 'via', value: requireHeader(invite, 'via') },
    { name: 'max-forwards', value: getHeader(invite, 'max-forwards') ?? '70' },
    { name: 'from', value: requireHeader(invite, 'from') },
    { name: 'to', value: requireHeader(response, 'to') },
    { name: 'call-id', value: requireHeader(invite, 'call-id') },
    { name: 'cseq', value: `${cseq.seq} ACK` },
    ...headerFields(invite, 'route'),
  ];
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: EMPTY_BODY };
}
