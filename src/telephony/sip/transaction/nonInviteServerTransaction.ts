/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2): the incoming BYE, CANCEL, REGISTER or OPTIONS.
 * A retransmitted request gets the last response again; after the final response, Completed keeps
 * answering retransmissions for timer J (64×T1 over UDP, 0 over TCP).
 */
import type { SipRequest, SipResponse } from '../message/sipMessage.ts';
import { transactionTimeout } from './timerValues.ts';
import { type TransactionContext, TransactionTimer } from './transactionContext.ts';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export class NonInviteServerTransaction {
  private state: NonInviteServerState = 'trying';
  private lastResponse: SipResponse | undefined;
  private readonly timerJ: TransactionTimer;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
  ) {
    this.timerJ = new TransactionTimer(context.clock);
  }

  get currentState(): NonInviteServerState {
    return this.state;
  }

  respond(response: SipResponse): void {
    if (this.state === 'completed' || this.state === 'terminated') {
      throw new Error(`non-INVITE server transaction already ${this.state}`);
    }
    this.lastResponse = response;
    this.context.send(response);
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    this.state = 'completed';
    this.timerJ.set(this.context.reliable ? 0 : transactionTimeout(this.context.timers), () =>
      this.terminate(),
    );
  }

  /** A retransmission of the request. */
  receive(_request: SipRequest): void {
    if (this.lastResponse && (this.state === 'proceeding' || this.state === 'completed')) {
      this.context.send(this.lastResponse);
    }
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timerJ.clear();
    this.context.terminated();
  }
}
