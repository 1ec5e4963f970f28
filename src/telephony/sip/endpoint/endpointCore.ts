/**
 * What the SIP endpoint hands up to the logic above its transaction layer (the "core"), and the
 * transactions it hands over.
 */
import type { SipRequest, SipResponse } from '../message/sipMessage.ts';
import type { InviteClientTransaction } from '../transaction/inviteClientTransaction.ts';
import type { InviteServerTransaction } from '../transaction/inviteServerTransaction.ts';
import type { NonInviteClientTransaction } from '../transaction/nonInviteClientTransaction.ts';
import type { NonInviteServerTransaction } from '../transaction/nonInviteServerTransaction.ts';
import type { SipTarget } from '../transport/sipTransport.ts';

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/** The dialer logic above the transaction layer. */
export interface EndpointCore {
  /** A new request (not ACK, not CANCEL) in its server transaction; the core must respond. */
  request(request: SipRequest, transaction: ServerTransaction, source: SipTarget): void;
  /** An ACK that matched no server transaction: the ACK of a 2xx, for a dialog. */
  ack(request: SipRequest): void;
  /** A CANCEL matched an INVITE still unanswered; the endpoint has sent 200 to the CANCEL. */
  cancelled(invite: InviteServerTransaction): void;
  /**
   * A 2xx to an INVITE whose client transaction is gone (a late fork): ACK and BYE it. `source` is
   * where it came from, over the transport (and, for TCP, the connection) our INVITE used.
   */
  stray2xx(response: SipResponse, source: SipTarget): void;
}

/** The core of an endpoint nobody has given one yet: it lets everything pass unanswered. */
export const IGNORING_CORE: EndpointCore = {
  request: () => {},
  ack: () => {},
  cancelled: () => {},
  stray2xx: () => {},
};
