import { ErrorCode } from '../errorCodes.ts';
import { Failure } from '../failure.ts';
import { CampaignStatus, statusLabel } from './campaignStatus.ts';

/** The fields Tencent's UpdatePredictiveDialingCampaign requires: sent together, they replace the campaign. */
export const FULL_REPLACEMENT_FIELDS = [
  'Name',
  'Callees',
  'Callers',
  'CallOrder',
  'SkillGroupId',
  'Priority',
  'ExpectedAbandonRate',
  'RetryInterval',
  'StartTime',
  'EndTime',
] as const;

/** What may change while the campaign is dialing or paused: nothing that alters who is called or how. */
export const MID_FLIGHT_FIELDS: readonly string[] = [
  'Name',
  'Priority',
  'ExpectedAbandonRate',
  'RetryTimes',
  'RetryInterval',
  'EndTime',
];

/** The statuses in which an update of these fields is legal: the store re-checks them as it writes. */
export function statusesAllowingUpdate(givenFields: readonly string[]): readonly CampaignStatus[] {
  return givenFields.every((field) => MID_FLIGHT_FIELDS.includes(field))
    ? [CampaignStatus.Ready, CampaignStatus.Running, CampaignStatus.Paused]
    : [CampaignStatus.Ready];
}

/**
 * Tencent's update is a full replacement: the optional fields it leaves out go back to their
 * defaults. Ours also takes a partial update, where whatever is left out stays as it is; a request
 * carrying every required field is read the Tencent way.
 */
export function isFullReplacement(givenFields: readonly string[]): boolean {
  return FULL_REPLACEMENT_FIELDS.every((field) => givenFields.includes(field));
}

/**
 * Refuses an update the campaign's status does not allow, with `UnsupportedOperation` naming the
 * first field that cannot change now (or the status, once the campaign has ended).
 */
export function requireUpdatable(campaignId: number, status: number, givenFields: readonly string[]): void {
  if (status === CampaignStatus.Ready) return;
  const label = statusLabel(status);
  if (status === CampaignStatus.Running || status === CampaignStatus.Paused) {
    const frozen = givenFields.find((field) => !MID_FLIGHT_FIELDS.includes(field));
    if (frozen === undefined) return;
    throw new Failure(ErrorCode.UnsupportedOperation, {
      en: `The field \`${frozen}\` of campaign ${campaignId} cannot change while its status is ${label.en}; only ${MID_FLIGHT_FIELDS.join(', ')} can.`,
      zh: `任务 ${campaignId} 当前状态为 ${label.zh}，字段 \`${frozen}\` 不能修改；只能修改 ${MID_FLIGHT_FIELDS.join('、')}。`,
    });
  }
  throw new Failure(ErrorCode.UnsupportedOperation, {
    en: `Campaign \`CampaignId\` ${campaignId} cannot be updated: its status is ${label.en}.`,
    zh: `任务 \`CampaignId\` ${campaignId} 无法修改：当前状态为 ${label.zh}。`,
  });
}
