import { Type } from '@sinclair/typebox';
import { listCampaigns } from '../../../store/campaigns/campaignRepository.ts';
import { pageOf } from '../../../store/page.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { requiredPageInput } from '../pageInput.ts';
import { CampaignId, SdkAppId, SkillGroupId } from './campaignSchemas.ts';
import { campaignListElement } from './campaignView.ts';

export const describePredictiveDialingCampaigns = defineAction({
  name: 'DescribePredictiveDialingCampaigns',
  answerKeptUntilChange: true,
  input: Type.Object(
    {
      SdkAppId,
      ...requiredPageInput(100),
      Name: Type.Optional(Type.String()),
      SkillGroupId: Type.Optional(SkillGroupId),
      CampaignId: Type.Optional(CampaignId),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { total, rows } = await listCampaigns(
      ctx.services.db,
      {
        sdkAppId: input.SdkAppId,
        nameKeyword: input.Name,
        skillGroupId: input.SkillGroupId,
        campaignId: input.CampaignId,
      },
      pageOf(input.PageNumber, input.PageSize),
    );
    return { TotalCount: total, CampaignList: rows.map(campaignListElement) };
  },
});
