import { Type } from '@sinclair/typebox';
import { findSession } from '../../../store/sessions/sessionLookup.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { queryWindow } from './queryWindow.ts';
import { serveParticipants } from './serveParticipants.ts';
import { sessionNotFound } from './sessionRefusals.ts';
import { unixSeconds } from './wireTimestamp.ts';

/**
 * The detail of one session started within the window. A session outside the window reads as
 * unknown, like one that does not exist. Note the model's `StartTimeStamp` (capital S) here.
 */
export const describeSessionDetail = defineAction({
  name: 'DescribeSessionDetail',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      SessionId: Type.String(),
      StartTimestamp: Type.Integer({ minimum: 0 }),
      EndTimestamp: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { from, to } = queryWindow(
      'StartTimestamp',
      input.StartTimestamp,
      'EndTimestamp',
      input.EndTimestamp,
    );
    const session = await findSession(ctx.services.db, input.SdkAppId, input.SessionId);
    if (!session || session.startAt < from || session.startAt > to) throw sessionNotFound(input.SessionId);
    const queued = session.queuedAt !== null;
    return {
      Caller: session.caller,
      Callee: session.callee,
      CallType: session.callType,
      StartTimeStamp: unixSeconds(session.startAt),
      RingTimestamp: unixSeconds(session.ringAt),
      AcceptTimestamp: unixSeconds(session.acceptAt),
      EndedTimestamp: unixSeconds(session.endedAt),
      QueuedTimestamp: unixSeconds(session.queuedAt),
      StaffUserId: session.seat?.mail ?? '',
      EndStatus: session.endStatus ?? 0,
      QueuedSkillGroupId: queued ? session.skillGroupId : 0,
      QueuedSkillGroupName: queued ? session.skillGroupName : '',
      RecordURL: '',
      CustomRecordURL: '',
      AsrURL: '',
      VoicemailRecordURL: [],
      VoicemailAsrURL: [],
      IVRKeyPressed: [],
      PostIVRKeyPressed: [],
      HungUpSide: session.hungUpSide ?? '',
      UUI: session.uui,
      Events: [],
      ServeParticipants: serveParticipants(session),
    };
  },
});
