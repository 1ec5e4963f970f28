import { Type } from '@sinclair/typebox';
import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { findSession } from '../../../store/sessions/sessionLookup.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { sessionNotFound } from './sessionRefusals.ts';

/** Ends a call in progress, both legs; the engine writes its record as for any other end. */
export const hangUpCall = defineAction({
  name: 'HangUpCall',
  input: Type.Object({ SdkAppId: Type.Integer(), SessionId: Type.String() }, { additionalProperties: false }),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { db, engine } = ctx.services;
    const session = await findSession(db, input.SdkAppId, input.SessionId);
    if (!session) throw sessionNotFound(input.SessionId);
    if (session.endedAt !== null) throw alreadyOver(input.SessionId, session.sessionStatus);
    if (await engine.hangUp(session.sessionId)) return {};
    // The engine holds no such call: it may have ended meanwhile, or it is not ours to end.
    const now = await findSession(db, input.SdkAppId, input.SessionId);
    if (now && now.endedAt !== null) throw alreadyOver(input.SessionId, now.sessionStatus);
    throw new Failure(ErrorCode.FailedOperation, {
      en: `The session \`SessionId\` ${quoted(input.SessionId)} is ${session.sessionStatus} but no dialer holds its call; it cannot be hung up now.`,
      zh: `会话 \`SessionId\` ${quoted(input.SessionId)} 状态为 ${session.sessionStatus}，但没有外呼引擎持有该通话，暂时无法挂断。`,
    });
  },
});

function alreadyOver(sessionId: string, status: string): Failure {
  return new Failure(ErrorCode.FailedOperation, {
    en: `The session \`SessionId\` ${quoted(sessionId)} is ${status}: there is no call to hang up.`,
    zh: `会话 \`SessionId\` ${quoted(sessionId)} 状态为 ${status}，没有可挂断的通话。`,
  });
}
