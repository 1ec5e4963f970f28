import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';

/** The application has no agent with this mail (or user id). */
export function unknownStaff(field: string, account: string): Failure {
  return new Failure(ErrorCode.InvalidParameterValueAccountNotExist, {
    en: `The value of \`${field}\` is invalid: the application has no agent ${quoted(account)}.`,
    zh: `参数 \`${field}\` 的取值无效：应用中不存在坐席 ${quoted(account)}。`,
  });
}
