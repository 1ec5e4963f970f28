import { defineAction } from '../../action.ts';
import { CampaignCommandInput, runCampaignCommand } from './runCampaignCommand.ts';

export const abortPredictiveDialingCampaign = defineAction({
  name: 'AbortPredictiveDialingCampaign',
  input: CampaignCommandInput,
  handler: (ctx, input) => runCampaignCommand(ctx, 'abort', input),
});
