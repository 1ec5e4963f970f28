import { defineAction } from '../../action.ts';
import { CampaignCommandInput, runCampaignCommand } from './runCampaignCommand.ts';

export const resumePredictiveDialingCampaign = defineAction({
  name: 'ResumePredictiveDialingCampaign',
  input: CampaignCommandInput,
  handler: (ctx, input) => runCampaignCommand(ctx, 'resume', input),
});
