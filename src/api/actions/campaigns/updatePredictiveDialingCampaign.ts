import { Type } from '@sinclair/typebox';
import { type CalleeAttribute, validateCalleeAttributes } from '../../../domain/campaign/calleeAttributes.ts';
import { requireCalleeCountWithin } from '../../../domain/campaign/campaignLimits.ts';
import { validateSchedule } from '../../../domain/campaign/campaignSchedule.ts';
import {
  type CalleeList,
  type CampaignSettings,
  OPTIONAL_DEFAULTS,
} from '../../../domain/campaign/campaignSettings.ts';
import {
  isFullReplacement,
  requireUpdatable,
  statusesAllowingUpdate,
} from '../../../domain/campaign/campaignUpdatePolicy.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { loadCallees } from '../../../store/campaigns/calleeRows.ts';
import type { CampaignRow } from '../../../store/campaigns/campaignRecord.ts';
import { settingsOf } from '../../../store/campaigns/campaignRecord.ts';
import { findCampaign, updateCampaign } from '../../../store/campaigns/campaignRepository.ts';
import { type ActionContext, defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { type CampaignFieldsInput, givenFieldNames, validateGivenFields } from './campaignFieldsInput.ts';
import { CampaignFields, CampaignId, SdkAppId } from './campaignSchemas.ts';
import { requireCampaign, unknownCampaign } from './requireCampaign.ts';

/**
 * Tencent's full replacement (every field Create requires, TimeZone and AvailableTime aside), or
 * ours: any subset of those fields. So every field is optional here; the status decides which
 * may change (see campaignUpdatePolicy).
 */
export const updatePredictiveDialingCampaign = defineAction({
  name: 'UpdatePredictiveDialingCampaign',
  input: Type.Object(
    { SdkAppId, CampaignId, ...Type.Partial(Type.Object(CampaignFields)).properties },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    const app = await requireApplication(ctx, input.SdkAppId);
    const { SdkAppId: sdkAppId, CampaignId: campaignId, ...fields } = input;
    const row = await requireCampaign(ctx, sdkAppId, campaignId);
    const given = givenFieldNames(fields);
    requireUpdatable(row.campaign_id, row.status, given);

    const { settings: changes, calleeNumbers } = await validateGivenFields(ctx, sdkAppId, fields);
    const current = settingsOf(row);
    const full = isFullReplacement(given);
    // A full replacement resets what it leaves out; Update cannot carry TimeZone/AvailableTime at all.
    const base: CampaignSettings = full
      ? { ...current, ...OPTIONAL_DEFAULTS, timeZone: current.timeZone, availableTime: current.availableTime }
      : current;
    const settings: CampaignSettings = { ...base, ...changes };
    const now = ctx.services.clock.now();
    if (fields.StartTime !== undefined || fields.EndTime !== undefined) {
      validateSchedule(settings.startTimeS, settings.endTimeS, now, fields.EndTime !== undefined);
    }
    const callees = await newCalleeList(ctx, row, fields, calleeNumbers, settings, full);
    if (callees) requireCalleeCountWithin(callees.numbers.length, app.max_callees_per_campaign);

    const updated = await updateCampaign(ctx.services.db, {
      sdkAppId,
      campaignId: row.campaign_id,
      from: statusesAllowingUpdate(given),
      before: current,
      after: settings,
      callees,
      nowMs: now,
    });
    if (!updated) {
      const moved = await findCampaign(ctx.services.db, sdkAppId, campaignId);
      if (!moved) throw unknownCampaign(campaignId);
      requireUpdatable(moved.campaign_id, moved.status, given);
      throw new Failure(ErrorCode.FailedOperation, {
        en: `Campaign \`CampaignId\` ${campaignId} changed status meanwhile; try again.`,
        zh: `任务 \`CampaignId\` ${campaignId} 的状态刚刚发生变化，请重试。`,
      });
    }
    ctx.services.engine.campaignChanged(row.campaign_id);
    return {};
  },
});

/**
 * The callee rows to write, or undefined to keep them. New Callees replace the list; attributes
 * not given are kept for the callees still listed (a full replacement drops them, as Tencent
 * does); a new CallOrder re-ranks the stored list.
 */
async function newCalleeList(
  ctx: ActionContext,
  row: CampaignRow,
  fields: CampaignFieldsInput,
  calleeNumbers: string[] | undefined,
  settings: CampaignSettings,
  full: boolean,
): Promise<CalleeList | undefined> {
  const reordered = settings.callOrder !== row.call_order;
  if (calleeNumbers === undefined && fields.CalleeAttributes === undefined && !reordered) return undefined;
  const stored = full ? undefined : await loadCallees(ctx.services.db, row.campaign_id);
  const numbers = calleeNumbers ?? stored?.numbers ?? [];
  const listed = new Set(numbers);
  let attributes: Map<string, CalleeAttribute>;
  if (fields.CalleeAttributes !== undefined) {
    attributes = validateCalleeAttributes(fields.CalleeAttributes, (n) => listed.has(n));
  } else {
    attributes = new Map([...(stored?.attributes ?? [])].filter(([number]) => listed.has(number)));
  }
  return { numbers, attributes };
}
