import { ErrorCode } from '../errorCodes.ts';
import { Failure, type LocalizedText } from '../failure.ts';

/**
 * `InvalidParameterValue` for one field, worded like the gateway's own range refusals so a client
 * sees one style whichever layer caught the value.
 */
export function invalidValue(field: string, reason: LocalizedText): Failure {
  return new Failure(ErrorCode.InvalidParameterValue, {
    en: `The value of \`${field}\` is invalid: ${reason.en}`,
    zh: `参数 \`${field}\` 的取值无效：${reason.zh}`,
  });
}

/** A client's value quoted in a message, cut short so a hostile one cannot flood a log line. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
