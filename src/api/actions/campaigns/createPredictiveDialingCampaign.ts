import { Type } from '@sinclair/typebox';
import { validateCalleeAttributes } from '../../../domain/campaign/calleeAttributes.ts';
import { requireCalleeCountWithin } from '../../../domain/campaign/campaignLimits.ts';
import { validateSchedule } from '../../../domain/campaign/campaignSchedule.ts';
import {
  type CalleeList,
  type CampaignSettings,
  OPTIONAL_DEFAULTS,
} from '../../../domain/campaign/campaignSettings.ts';
import { createCampaign } from '../../../store/campaigns/campaignRepository.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { validateGivenFields } from './campaignFieldsInput.ts';
import { CampaignFields, SdkAppId, TimeRange } from './campaignSchemas.ts';

export const createPredictiveDialingCampaign = defineAction({
  name: 'CreatePredictiveDialingCampaign',
  input: Type.Object(
    {
      SdkAppId,
      ...CampaignFields,
      TimeZone: Type.Optional(Type.String()),
      AvailableTime: Type.Optional(Type.Array(TimeRange)),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    const app = await requireApplication(ctx, input.SdkAppId);
    const { settings: given, calleeNumbers } = await validateGivenFields(ctx, input.SdkAppId, input);
    // The schema made every required field present, so the overlay is complete.
    const settings = { ...OPTIONAL_DEFAULTS, ...given } as CampaignSettings;
    const now = ctx.services.clock.now();
    validateSchedule(settings.startTimeS, settings.endTimeS, now);
    const numbers = calleeNumbers!;
    const known = new Set(numbers);
    const callees: CalleeList = {
      numbers,
      attributes: validateCalleeAttributes(input.CalleeAttributes ?? [], (n) => known.has(n)),
    };
    requireCalleeCountWithin(numbers.length, app.max_callees_per_campaign);
    const campaignId = await createCampaign(ctx.services.db, {
      sdkAppId: input.SdkAppId,
      settings,
      callees,
      maxLiveCampaigns: app.max_live_campaigns,
      nowMs: now,
      dialect: ctx.services.dialect,
    });
    ctx.services.engine.campaignChanged(campaignId);
    return { CampaignId: campaignId };
  },
});
