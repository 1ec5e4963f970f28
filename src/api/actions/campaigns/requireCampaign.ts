import { invalidValue } from '../../../domain/campaign/invalidValue.ts';
import type { CampaignRow } from '../../../store/campaigns/campaignRecord.ts';
import { findCampaign } from '../../../store/campaigns/campaignRepository.ts';
import type { ActionContext } from '../../action.ts';

/**
 * The application's campaign. An unknown id, a deleted one and another application's all get the
 * same answer (Tencent documents no ResourceNotFound for this family).
 */
export async function requireCampaign(
  ctx: ActionContext,
  sdkAppId: number,
  campaignId: number,
): Promise<CampaignRow> {
  const row = await findCampaign(ctx.services.db, sdkAppId, campaignId);
  if (!row) throw unknownCampaign(campaignId);
  return row;
}

export function unknownCampaign(campaignId: number) {
  return invalidValue('CampaignId', {
    en: `campaign ${campaignId} does not exist.`,
    zh: `任务 ${campaignId} 不存在。`,
  });
}
