import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';

/** A skill group id the application does not have (or has deleted), named with its field. */
export function unknownSkillGroup(field: string, skillGroupId: number): Failure {
  return new Failure(ErrorCode.InvalidParameterValue, {
    en: `The value of \`${field}\` is invalid: the application has no skill group ${skillGroupId}.`,
    zh: `参数 \`${field}\` 的取值无效：应用中不存在技能组 ${skillGroupId}。`,
  });
}

export function skillGroupNameTaken(field: string, name: string): Failure {
  return new Failure(ErrorCode.InvalidParameterValueSkillGroupExist, {
    en: `The value of \`${field}\` is invalid: a skill group named ${quoted(name)} already exists.`,
    zh: `参数 \`${field}\` 的取值无效：名为 ${quoted(name)} 的技能组已存在。`,
  });
}
