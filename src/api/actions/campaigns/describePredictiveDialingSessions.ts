import { Type } from '@sinclair/typebox';
import { listCampaignSessionIds } from '../../../store/campaigns/campaignSessions.ts';
import { pageOf } from '../../../store/page.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { requiredPageInput } from '../pageInput.ts';
import { CampaignId, SdkAppId } from './campaignSchemas.ts';
import { requireCampaign } from './requireCampaign.ts';

export const describePredictiveDialingSessions = defineAction({
  name: 'DescribePredictiveDialingSessions',
  input: Type.Object({ SdkAppId, CampaignId, ...requiredPageInput(1000) }, { additionalProperties: false }),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const campaign = await requireCampaign(ctx, input.SdkAppId, input.CampaignId);
    const { total, sessionIds } = await listCampaignSessionIds(
      ctx.services.db,
      campaign.campaign_id,
      pageOf(input.PageNumber, input.PageSize),
    );
    return { TotalCount: total, SessionList: sessionIds };
  },
});
