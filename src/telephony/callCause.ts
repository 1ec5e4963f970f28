/**
 * Why a call ended, in the network's terms, and what that means as a SPEC §4 end status. One pure
 * table: the `sip` adapter finds the cause of a final SIP response here, the engine the end status
 * of a cause; `test/dialer/callCause.test.ts` checks every row.
 *
 * The phase matters only for calls that were answered: once the callee picked up, whatever ends
 * the call, the session's end status says what the callee got — an agent (1), the IVR (107), or
 * nobody in time (103).
 */
import { EndStatus } from '../domain/endStatus.ts';

export const CALL_CAUSES = [
  'normalClearing',
  'busy',
  'noAnswer',
  'rejected',
  'powerOff',
  'numberNotExist',
  'notInService',
  'numberInvalid',
  'carrierBlocked',
  'outOfCredit',
  'networkFailure',
  'cancelled',
] as const;

export type CallCause = (typeof CALL_CAUSES)[number];

interface CauseRow {
  /** The end status of a call that ended for this cause before it was answered. */
  readonly unanswered: EndStatus;
  /** Final SIP responses to an INVITE that mean this cause (the first is the one we send). */
  readonly sipStatuses: readonly number[];
}

export const CAUSE_TABLE: Readonly<Record<CallCause, CauseRow>> = {
  // A call that clears normally before an answer was not answered at all.
  normalClearing: { unanswered: EndStatus.NotAnswer, sipStatuses: [] },
  busy: { unanswered: EndStatus.Busy, sipStatuses: [486, 600] },
  noAnswer: { unanswered: EndStatus.NotAnswer, sipStatuses: [480, 408, 487] },
  rejected: { unanswered: EndStatus.UserReject, sipStatuses: [603, 403] },
  powerOff: { unanswered: EndStatus.PowerOff, sipStatuses: [] },
  numberNotExist: { unanswered: EndStatus.NumberNotExist, sipStatuses: [404, 604, 484] },
  notInService: { unanswered: EndStatus.NotInService, sipStatuses: [410] },
  numberInvalid: { unanswered: EndStatus.NumberInvalid, sipStatuses: [416] },
  // Issue 5 maps 403 with 603 (rejected) and 484 with 404 (number does not exist).
  carrierBlocked: { unanswered: EndStatus.CarrierBlocked, sipStatuses: [607] },
  outOfCredit: { unanswered: EndStatus.OutOfCredit, sipStatuses: [402] },
  networkFailure: { unanswered: EndStatus.OperatorError, sipStatuses: [500, 502, 503, 504] },
  cancelled: { unanswered: EndStatus.CallerCancel, sipStatuses: [] },
};

/** Where the call was when it ended. */
export type CallPhase = 'dialing' | 'ringing' | 'waiting' | 'connected' | 'ivr';

/** The SPEC §4 end status of a call that ended for `cause` in `phase`. */
export function endStatusOf(cause: CallCause, phase: CallPhase): EndStatus {
  switch (phase) {
    case 'connected':
      return EndStatus.Ok;
    case 'ivr':
      return EndStatus.IvrEnd;
    case 'waiting':
      return EndStatus.WaitingGiveUp;
    default:
      return CAUSE_TABLE[cause].unanswered;
  }
}

const BY_SIP_STATUS = new Map<number, CallCause>(
  CALL_CAUSES.flatMap((cause) => CAUSE_TABLE[cause].sipStatuses.map((status) => [status, cause] as const)),
);

/** The cause of a final SIP response to an INVITE; other 4xx–6xx are network failures. */
export function causeOfSipStatus(status: number): CallCause {
  return BY_SIP_STATUS.get(status) ?? 'networkFailure';
}
