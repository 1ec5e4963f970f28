import type { ActionDefinition } from '../../action.ts';
import { abortPredictiveDialingCampaign } from './abortPredictiveDialingCampaign.ts';
import { createPredictiveDialingCampaign } from './createPredictiveDialingCampaign.ts';
import { deletePredictiveDialingCampaign } from './deletePredictiveDialingCampaign.ts';
import { describePredictiveDialingCampaign } from './describePredictiveDialingCampaign.ts';
import { describePredictiveDialingCampaigns } from './describePredictiveDialingCampaigns.ts';
import { describePredictiveDialingSessions } from './describePredictiveDialingSessions.ts';
import { pausePredictiveDialingCampaign } from './pausePredictiveDialingCampaign.ts';
import { resumePredictiveDialingCampaign } from './resumePredictiveDialingCampaign.ts';
import { updatePredictiveDialingCampaign } from './updatePredictiveDialingCampaign.ts';

/** The predictive-dialing campaign family (SPEC §2). */
export const campaignActions: readonly ActionDefinition[] = [
  createPredictiveDialingCampaign,
  describePredictiveDialingCampaign,
  describePredictiveDialingCampaigns,
  updatePredictiveDialingCampaign,
  pausePredictiveDialingCampaign,
  resumePredictiveDialingCampaign,
  abortPredictiveDialingCampaign,
  deletePredictiveDialingCampaign,
  describePredictiveDialingSessions,
];
