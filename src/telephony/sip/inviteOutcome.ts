/**
 * How a failed INVITE to a callee ends the call, as the engine sees it: a cause from the one
 * table in `callCause.ts` (final responses map there) and the side that ended it. The rest is what
 * only the SIP adapter knows: why *we* cancelled (the ring timeout means no answer; a hang-up asked
 * by the engine is `cancelled`), and that a timer B expiry or a dead connection is not the callee's
 * doing but the network's (no response at all — not 408, which a peer sends).
 */
import { type CallCause, causeOfSipStatus } from '../callCause.ts';
import type { CallEnd } from '../telephony.ts';
import type { InviteFailure } from './dialog/outgoingInvite.ts';

/** Why the dialer cancelled a ringing call. */
export type CancelReason = 'ringTimeout' | 'hangup';

export function callEndOfInviteFailure(
  failure: InviteFailure,
  cancelReason: CancelReason | undefined,
): CallEnd {
  // Once the engine asked to hang up, the call ends as `cancelled` (the port's promise), even if a
  // busy or a 487 crossed our CANCEL on the wire.
  if (cancelReason === 'hangup') return { cause: 'cancelled', side: 'system' };
  switch (failure.kind) {
    case 'rejected': {
      const cause: CallCause = causeOfSipStatus(failure.status);
      // A carrier failure is nobody's hang-up; anything else the callee's line answered.
      return { cause, side: cause === 'networkFailure' ? 'system' : 'user' };
    }
    case 'cancelled':
      return { cause: 'noAnswer', side: 'system' };
    case 'timeout':
    case 'transport':
      return { cause: 'networkFailure', side: 'system' };
  }
}
