/**
 * INVITE server transaction (RFC 3261 §17.2.1, with RFC 6026's Accepted state).
 *
 * Proceeding: a retransmitted INVITE gets the last provisional again. A final non-2xx moves to
 * Completed, where it is retransmitted on timer G (T1 doubling to T2, UDP) until the ACK arrives
 * (Confirmed, which absorbs further ACKs for timer I) or timer H (64×T1) gives up. A 2xx moves to
 * Accepted: its retransmission until the ACK is the UAS core's job (§13.3.1.4), the transaction
 * only absorbs retransmitted INVITEs for timer L.
 */
import type { SipRequest, SipResponse } from '../message/sipMessage.ts';
import { transactionTimeout } from './timerValues.ts';
import { type TransactionContext, TransactionTimer } from './transactionContext.ts';

export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export interface InviteServerUser {
  /** Timer H fired: the ACK for our failure response never came. */
  ackTimeout(): void;
}

export class InviteServerTransaction {
  private state: InviteServerState = 'proceeding';
  private lastResponse: SipResponse | undefined;
  private readonly timerG: TransactionTimer;
  private readonly timerH: TransactionTimer;
  private readonly timerIL: TransactionTimer;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
    private readonly user: InviteServerUser = { ackTimeout: () => {} },
  ) {
    this.timerG = new TransactionTimer(context.clock);
    this.timerH = new TransactionTimer(context.clock);
    this.timerIL = new TransactionTimer(context.clock);
  }

  get currentState(): InviteServerState {
    return this.state;
  }

  /** Whether a final response was sent (CANCEL then gets 200 but changes nothing). */
  get answered(): boolean {
    return this.state !== 'proceeding';
  }

  respond(response: SipResponse): void {
    if (this.state !== 'proceeding') throw new Error(`INVITE server transaction already ${this.state}`);
    this.lastResponse = response;
    this.context.send(response);
    if (response.status < 200) return;
    if (response.status < 300) {
      this.state = 'accepted';
      this.timerIL.set(transactionTimeout(this.context.timers), () => this.terminate());
      return;
    }
    this.state = 'completed';
    if (!this.context.reliable) this.retransmitAfter(this.context.timers.t1);
    this.timerH.set(transactionTimeout(this.context.timers), () => {
      if (this.state !== 'completed') return;
      this.terminate();
      this.user.ackTimeout();
    });
  }

  /** A retransmitted INVITE, or the ACK of a non-2xx final response. */
  receive(request: SipRequest): void {
    if (request.method === 'ACK') {
      if (this.state !== 'completed') return;
      this.state = 'confirmed';
      this.timerG.clear();
      this.timerH.clear();
      this.timerIL.set(this.context.reliable ? 0 : this.context.timers.t4, () => this.terminate());
      return;
    }
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastResponse) {
      this.context.send(this.lastResponse);
    }
  }

  private retransmitAfter(interval: number): void {
    this.timerG.set(interval, () => {
      if (this.state !== 'completed' || !this.lastResponse) return;
      this.context.send(this.lastResponse);
      this.retransmitAfter(Math.min(interval * 2, this.context.timers.t2));
    });
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timerG.clear();
    this.timerH.clear();
    this.timerIL.clear();
    this.context.terminated();
  }
}
