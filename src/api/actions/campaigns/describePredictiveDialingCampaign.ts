import { Type } from '@sinclair/typebox';
import { loadCalleeAttributes } from '../../../store/campaigns/calleeRows.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { CampaignId, SdkAppId } from './campaignSchemas.ts';
import { campaignDetail } from './campaignView.ts';
import { requireCampaign } from './requireCampaign.ts';

export const describePredictiveDialingCampaign = defineAction({
  name: 'DescribePredictiveDialingCampaign',
  input: Type.Object({ SdkAppId, CampaignId }, { additionalProperties: false }),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const row = await requireCampaign(ctx, input.SdkAppId, input.CampaignId);
    return campaignDetail(
      row,
      await loadCalleeAttributes(ctx.services.db, ctx.services.dialect, row.campaign_id),
    );
  },
});
