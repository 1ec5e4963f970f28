import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';

/** A request whose credentials cannot even be read: nothing about it can be trusted or checked. */
export function invalidAuthorization(en: string, zh: string): Failure {
  return new Failure(ErrorCode.AuthFailureInvalidAuthorization, { en, zh });
}
