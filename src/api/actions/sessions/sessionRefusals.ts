import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';

/** Unknown, and of another application, read alike: nobody learns which sessions exist. */
export function sessionNotFound(sessionId: string): Failure {
  return new Failure(ErrorCode.FailedOperationSessionNotExists, {
    en: `The session \`SessionId\` ${quoted(sessionId)} does not exist.`,
    zh: `会话 \`SessionId\` ${quoted(sessionId)} 不存在。`,
  });
}
