import { api } from './consoleApi.ts';

/** What a supervisor may do to a campaign by hand, through the API's own actions. */
export type CampaignCommand = 'pause' | 'resume' | 'abort' | 'delete';

const ACTIONS: Readonly<Record<CampaignCommand, string>> = {
  pause: 'PausePredictiveDialingCampaign',
  resume: 'ResumePredictiveDialingCampaign',
  abort: 'AbortPredictiveDialingCampaign',
  delete: 'DeletePredictiveDialingCampaign',
};

export const COMMAND_LABEL: Readonly<Record<CampaignCommand, string>> = {
  pause: 'Pause',
  resume: 'Resume',
  abort: 'Abort',
  delete: 'Delete',
};

/** The commands offered for a status (SPEC §2): the API still has the last word. */
export function commandsFor(status: number): CampaignCommand[] {
  switch (status) {
    case 0:
      return ['abort', 'delete'];
    case 1:
      return ['pause', 'abort'];
    case 2:
      return ['resume', 'abort', 'delete'];
    default:
      return ['delete'];
  }
}

/** Asks before what cannot be undone. */
export async function runCommand(
  command: CampaignCommand,
  sdkAppId: number,
  campaignId: number,
  name: string,
): Promise<boolean> {
  if (command === 'abort' && !confirm(`Abort campaign “${name}”? It stops dialing for good.`)) return false;
  if (command === 'delete' && !confirm(`Delete campaign “${name}”?`)) return false;
  await api('POST', `/actions/${ACTIONS[command]}`, { SdkAppId: sdkAppId, CampaignId: campaignId });
  return true;
}
