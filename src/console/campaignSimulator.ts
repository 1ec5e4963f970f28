import type { ActionContext } from '../api/action.ts';

/** Runs the what-if simulator with a campaign form's parameters. */
export interface CampaignSimulator {
  simulate(ctx: ActionContext, sdkAppId: number, params: unknown): Promise<unknown>;
}
