import { EndStatus, endStatusString } from '../../../domain/endStatus.ts';
import type { SessionRecord } from '../../../store/sessions/sessionRecord.ts';
import { unixSeconds } from './wireTimestamp.ts';

/**
 * Tencent's ServeParticipant list: the agent who took the call, if one did. A predictive call is
 * bridged to an agent already waiting, so the agent's leg rings and answers at the same moment.
 */
export function serveParticipants(session: SessionRecord) {
  if (!session.seat) return [];
  const joined = unixSeconds(session.seatJoinAt ?? session.acceptAt);
  return [
    {
      Mail: session.seat.mail,
      Phone: session.seat.phone ?? '',
      RingTimestamp: joined,
      AcceptTimestamp: joined,
      EndedTimestamp: unixSeconds(session.endedAt),
      RecordId: '',
      Type: 'staffseat',
      TransferFrom: '',
      TransferFromType: '',
      TransferTo: '',
      TransferToType: '',
      SkillGroupId: session.skillGroupId,
      EndStatusString: session.endedAt === null ? '' : endStatusString(EndStatus.Ok),
      RecordURL: '',
      Sequence: 0,
      StartTimestamp: joined,
      SkillGroupName: session.skillGroupName,
      CustomRecordURL: '',
    },
  ];
}
