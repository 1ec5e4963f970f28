import type { ActionContext } from '../api/action.ts';
import { requireApplication } from '../api/tenancy.ts';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';

/**
 * Checks that the tenant owns the application and that the campaign is one of its own, live or
 * ended but not deleted; answers as the API does for an unknown id.
 */
export async function requireCampaign(
  ctx: ActionContext,
  sdkAppId: number,
  campaignId: number,
): Promise<void> {
  await requireApplication(ctx, sdkAppId);
  const row = await ctx.services.db
    .selectFrom('campaigns')
    .select('campaign_id')
    .where('campaign_id', '=', campaignId)
    .where('sdk_app_id', '=', sdkAppId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!row) {
    throw new Failure(ErrorCode.InvalidParameterValue, {
      en: `The campaign \`CampaignId\` ${campaignId} does not exist.`,
      zh: `任务 \`CampaignId\` ${campaignId} 不存在。`,
    });
  }
}
