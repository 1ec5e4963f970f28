/**
 * Joins the callee to a partner (an agent's phone or the IVR) by third-party call control, so that
 * media flows between the two endpoints and never through the dialer (RFC 3725).
 *
 * The flow is RFC 3725 §4.1 ("Flow I") started from the partner's side, chosen because every step
 * that waits on a human is over before it begins:
 *
 *   partner ← INVITE (no SDP)           the partner's phone auto-answers (or the IVR answers)
 *   partner → 200 OK (offer P)
 *   callee  ← re-INVITE (offer P)       the callee's phone answers a re-INVITE at once: no human
 *   callee  → 200 OK (answer C)
 *   callee  ← ACK
 *   partner ← ACK (answer C)
 *
 * The callee was INVITEd earlier with an inactive "hold" offer (see holdOffer.ts), so trunks that
 * refuse offerless INVITEs still take the call, and the callee hears silence, not a dead line,
 * until a partner joins. Flow I's known weakness — the partner's 2xx waits for its ACK while the
 * callee's re-INVITE completes — costs one round trip here, far under the 2xx retransmission
 * window (64×T1), because the callee's side of a re-INVITE is a machine.
 *
 * Every description relayed to a leg gets that leg's own `o=` line (sessionOrigin.ts).
 */
import type { CallLeg } from './dialog/callLeg.ts';
import { rejectingAnswer } from './sdp/rejectingAnswer.ts';
import type { SessionOrigin } from './sdp/sessionOrigin.ts';

export class JoinError extends Error {
  override name = 'JoinError';
}

export interface JoinOrigins {
  readonly callee: SessionOrigin;
  readonly partner: SessionOrigin;
}

/**
 * `partner` has answered a delayed-offer INVITE and is not yet acknowledged. On success both legs
 * are acknowledged and connected; on failure the partner is acknowledged with every stream declined
 * (a 2xx must be ACKed before it can be hung up) and a JoinError is thrown — the caller hangs it up.
 */
export async function joinLegs(
  callee: CallLeg,
  partner: CallLeg,
  origins: JoinOrigins,
  host: string,
): Promise<void> {
  const offer = partner.answerBody;
  if (offer.length === 0) {
    await partner.ack();
    throw new JoinError(`the partner's 2xx (${partner.callId}) carries no offer`);
  }
  let failure: string;
  try {
    const result = await callee.reinvite(origins.callee.rewrite(offer));
    if (result.status >= 200 && result.status < 300) {
      result.ack();
      if (result.body.length > 0) {
        await partner.ack(origins.partner.rewrite(result.body));
        return;
      }
      failure = `the callee's 2xx to the re-INVITE (${callee.callId}) carries no answer`;
    } else {
      failure = `the callee refused the re-INVITE with ${result.status}`;
    }
  } catch (error) {
    failure = `the callee's re-INVITE failed: ${(error as Error).message}`;
  }
  await partner.ack(rejectingAnswer(offer, origins.partner, host));
  throw new JoinError(failure);
}
