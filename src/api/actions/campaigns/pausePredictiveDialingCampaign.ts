import { defineAction } from '../../action.ts';
import { CampaignCommandInput, runCampaignCommand } from './runCampaignCommand.ts';

export const pausePredictiveDialingCampaign = defineAction({
  name: 'PausePredictiveDialingCampaign',
  input: CampaignCommandInput,
  handler: (ctx, input) => runCampaignCommand(ctx, 'pause', input),
});
