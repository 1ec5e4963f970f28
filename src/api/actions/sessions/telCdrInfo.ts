import { EndStatus, endStatusString } from '../../../domain/endStatus.ts';
import type { SessionRecord } from '../../../store/sessions/sessionRecord.ts';
import { serveParticipants } from './serveParticipants.ts';
import { secondsBetween, unixSeconds } from './wireTimestamp.ts';

/** Tencent's role 3: an ordinary agent. */
const AGENT_ROLE = 3;

/**
 * A finished session as Tencent's TelCdrInfo, field names copied from the SDK's model.
 * `connectDeadlineMs` dates an IVR hand-off: an answered call waits that long for an agent, then
 * goes to the IVR.
 */
export function telCdrInfo(session: SessionRecord, connectDeadlineMs: number) {
  const queued = session.queuedAt !== null;
  return {
    Caller: session.caller,
    Callee: session.callee,
    Time: unixSeconds(session.startAt),
    Direction: session.direction,
    CallType: session.callType,
    Duration: secondsBetween(session.acceptAt, session.endedAt),
    RecordURL: '',
    RecordId: '',
    SeatUser: session.seat
      ? {
          Name: session.seat.name ?? '',
          Mail: session.seat.mail,
          StaffNumber: session.seat.staffNumber,
          Phone: session.seat.phone ?? '',
          Nick: session.seat.nick ?? '',
          UserId: session.seat.userId,
          Role: AGENT_ROLE,
          ExtensionNumber: '',
        }
      : null,
    EndStatus: session.endStatus ?? 0,
    SkillGroup: session.skillGroupName,
    CallerLocation: '',
    IVRDuration: ivrDuration(session, connectDeadlineMs),
    RingTimestamp: unixSeconds(session.ringAt),
    AcceptTimestamp: unixSeconds(session.acceptAt),
    EndedTimestamp: unixSeconds(session.endedAt),
    IVRKeyPressed: [],
    HungUpSide: session.hungUpSide ?? '',
    ServeParticipants: serveParticipants(session),
    SkillGroupId: session.skillGroupId,
    EndStatusString: endStatusString(session.endStatus),
    StartTimestamp: unixSeconds(session.startAt),
    QueuedTimestamp: unixSeconds(session.queuedAt),
    PostIVRKeyPressed: [],
    QueuedSkillGroupId: queued ? session.skillGroupId : 0,
    SessionId: session.sessionId,
    ProtectedCaller: '',
    ProtectedCallee: '',
    // Both spellings are in the model; older clients read Uui.
    Uui: session.uui,
    UUI: session.uui,
    IVRKeyPressedEx: [],
    QueuedSkillGroupName: queued ? session.skillGroupName : '',
    VoicemailRecordURL: [],
    VoicemailAsrURL: [],
    Remark: '',
    // Ours, beyond Tencent's model (the SDK drops it; raw JSON clients see it): the SIP Call-IDs.
    TelephonyIds: session.telephonyIds ?? {},
  };
}

/** Time in the IVR: only an abandoned call handed to it (107) spends any, from the hand-off on. */
function ivrDuration(session: SessionRecord, connectDeadlineMs: number): number {
  if (session.endStatus !== EndStatus.IvrEnd) return 0;
  const waitingFrom = session.queuedAt ?? session.acceptAt;
  if (waitingFrom === null) return 0;
  return secondsBetween(waitingFrom + connectDeadlineMs, session.endedAt);
}
