import type { SessionRecord } from '../../../store/sessions/sessionRecord.ts';
import { unixSeconds } from './wireTimestamp.ts';

/** DescribeTelSession's PSTNSession. */
export function pstnSession(session: SessionRecord) {
  return {
    SessionID: session.sessionId,
    RoomID: '',
    Caller: session.caller,
    Callee: session.callee,
    StartTimestamp: unixSeconds(session.startAt),
    RingTimestamp: unixSeconds(session.ringAt),
    AcceptTimestamp: unixSeconds(session.acceptAt),
    StaffEmail: session.seat?.mail ?? '',
    StaffNumber: session.seat?.staffNumber ?? '',
    SessionStatus: session.sessionStatus,
    Direction: session.direction,
    OutBoundCaller: '',
    OutBoundCallee: '',
    ProtectedCaller: '',
    ProtectedCallee: '',
  };
}

/**
 * DescribePSTNActiveSessionList's PSTNSessionInfo: the model types StartTimestamp and
 * AcceptTimestamp as strings there (RingTimestamp stays a number), so they go out as strings.
 */
export function pstnSessionInfo(session: SessionRecord) {
  return {
    SessionID: session.sessionId,
    RoomID: '',
    Caller: session.caller,
    Callee: session.callee,
    StartTimestamp: String(unixSeconds(session.startAt)),
    AcceptTimestamp: String(unixSeconds(session.acceptAt)),
    StaffEmail: session.seat?.mail ?? '',
    StaffNumber: session.seat?.staffNumber ?? '',
    SessionStatus: session.sessionStatus,
    Direction: session.direction,
    RingTimestamp: unixSeconds(session.ringAt),
    ProtectedCaller: '',
    ProtectedCallee: '',
  };
}
