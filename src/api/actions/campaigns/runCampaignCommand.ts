import { Type } from '@sinclair/typebox';
import {
  applyCommand,
  type CampaignCommand,
  COMMAND_RULES,
} from '../../../domain/campaign/campaignCommands.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { applyCampaignCommand } from '../../../store/campaigns/campaignRepository.ts';
import type { ActionContext } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { CampaignId, SdkAppId } from './campaignSchemas.ts';
import { requireCampaign } from './requireCampaign.ts';

/** Pause, Resume, Abort and Delete all take just the campaign. */
export const CampaignCommandInput = Type.Object({ SdkAppId, CampaignId }, { additionalProperties: false });

const ATTEMPTS = 3;

/**
 * Checks the command against the campaign's status, then applies it with the status test inside
 * the UPDATE. If another request (or the engine) moved the campaign in between, the command is
 * judged again against the new status: of two racing requests, the second gets the answer the
 * campaign's new status deserves.
 */
export async function runCampaignCommand(
  ctx: ActionContext,
  command: CampaignCommand,
  input: { SdkAppId: number; CampaignId: number },
): Promise<Record<string, never>> {
  await requireApplication(ctx, input.SdkAppId);
  const { db, clock, engine } = ctx.services;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const campaign = await requireCampaign(ctx, input.SdkAppId, input.CampaignId);
    const outcome = applyCommand(command, campaign.campaign_id, campaign.status);
    const from = COMMAND_RULES[command].from;
    if (await applyCampaignCommand(db, input.SdkAppId, campaign.campaign_id, from, outcome, clock.now())) {
      engine.campaignChanged(campaign.campaign_id);
      return {};
    }
  }
  throw new Failure(ErrorCode.FailedOperation, {
    en: `Campaign \`CampaignId\` ${input.CampaignId} kept changing status meanwhile; try again.`,
    zh: `任务 \`CampaignId\` ${input.CampaignId} 的状态正在不断变化，请重试。`,
  });
}
