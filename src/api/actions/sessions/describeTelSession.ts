import { Type } from '@sinclair/typebox';
import { findSession } from '../../../store/sessions/sessionLookup.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { pstnSession } from './pstnSession.ts';
import { sessionNotFound } from './sessionRefusals.ts';

/** One session, live or finished: ringing, seatJoining, inProgress or finished. */
export const describeTelSession = defineAction({
  name: 'DescribeTelSession',
  input: Type.Object({ SdkAppId: Type.Integer(), SessionId: Type.String() }, { additionalProperties: false }),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const session = await findSession(ctx.services.db, input.SdkAppId, input.SessionId);
    if (!session) throw sessionNotFound(input.SessionId);
    return { Session: pstnSession(session) };
  },
});
