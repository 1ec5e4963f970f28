import { defineAction } from '../../action.ts';
import { CampaignCommandInput, runCampaignCommand } from './runCampaignCommand.ts';

export const deletePredictiveDialingCampaign = defineAction({
  name: 'DeletePredictiveDialingCampaign',
  input: CampaignCommandInput,
  handler: (ctx, input) => runCampaignCommand(ctx, 'delete', input),
});
