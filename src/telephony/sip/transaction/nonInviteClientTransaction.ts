/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2): BYE, CANCEL, REGISTER, OPTIONS, re-INVITE's
 * ACK excepted. Over UDP the request is retransmitted on timer E, doubling from T1 but never beyond
 * T2 (and at T2 once a provisional came); timer F (64×T1) gives up. Completed absorbs retransmitted
 * final responses for timer K (T4 over UDP, 0 over TCP).
 */
import type { SipRequest, SipResponse } from '../message/sipMessage.ts';
import { transactionTimeout } from './timerValues.ts';
import { type TransactionContext, TransactionTimer } from './transactionContext.ts';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export interface NonInviteClientUser {
  response(response: SipResponse): void;
  /** Timer F fired. */
  timeout(): void;
  transportError(error: Error): void;
}

export class NonInviteClientTransaction {
  private state: NonInviteClientState = 'trying';
  private readonly timerE: TransactionTimer;
  private readonly timerF: TransactionTimer;
  private readonly timerK: TransactionTimer;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
    private readonly user: NonInviteClientUser,
  ) {
    this.timerE = new TransactionTimer(context.clock);
    this.timerF = new TransactionTimer(context.clock);
    this.timerK = new TransactionTimer(context.clock);
    context.send(request);
    if (!context.reliable) this.retransmitAfter(context.timers.t1);
    this.timerF.set(transactionTimeout(context.timers), () => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.terminate();
      this.user.timeout();
    });
  }

  get currentState(): NonInviteClientState {
    return this.state;
  }

  receive(response: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    if (response.status < 200) {
      this.state = 'proceeding';
      this.user.response(response);
      return;
    }
    this.state = 'completed';
    this.timerE.clear();
    this.timerF.clear();
    this.user.response(response);
    this.timerK.set(this.context.reliable ? 0 : this.context.timers.t4, () => this.terminate());
  }

  transportError(error: Error): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.terminate();
    this.user.transportError(error);
  }

  private retransmitAfter(interval: number): void {
    this.timerE.set(interval, () => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.context.send(this.request);
      const next =
        this.state === 'proceeding' ? this.context.timers.t2 : Math.min(interval * 2, this.context.timers.t2);
      this.retransmitAfter(next);
    });
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timerE.clear();
    this.timerF.clear();
    this.timerK.clear();
    this.context.terminated();
  }
}
