import { ErrorCode } from '../errorCodes.ts';
import { Failure, type LocalizedText } from '../failure.ts';
import { CampaignStatus, StatusReason, statusLabel } from './campaignStatus.ts';

/** What a client may do to a campaign by hand. */
export type CampaignCommand = 'pause' | 'resume' | 'abort' | 'delete';

/** Where a command leaves the campaign: a new status, or gone (soft-deleted). */
export type CommandOutcome =
  | { readonly kind: 'status'; readonly status: CampaignStatus; readonly statusReason: StatusReason }
  | { readonly kind: 'deleted' };

interface CommandRule {
  /** The statuses the command is legal in; the store updates only a row still in one of them. */
  readonly from: readonly CampaignStatus[];
  readonly outcome: CommandOutcome;
  readonly verb: LocalizedText;
  readonly legalWhen: LocalizedText;
}

const { Ready, Running, Paused, Terminated, Completed } = CampaignStatus;

export const COMMAND_RULES: Readonly<Record<CampaignCommand, CommandRule>> = {
  pause: {
    from: [Running],
    outcome: { kind: 'status', status: Paused, statusReason: StatusReason.Normal },
    verb: { en: 'paused', zh: '暂停' },
    legalWhen: { en: 'only a running campaign can be paused', zh: '只有进行中的任务可以暂停' },
  },
  resume: {
    from: [Paused],
    outcome: { kind: 'status', status: Running, statusReason: StatusReason.Normal },
    verb: { en: 'resumed', zh: '恢复' },
    legalWhen: { en: 'only a paused campaign can be resumed', zh: '只有已暂停的任务可以恢复' },
  },
  abort: {
    from: [Ready, Running, Paused],
    outcome: { kind: 'status', status: Terminated, statusReason: StatusReason.Aborted },
    verb: { en: 'aborted', zh: '终止' },
    legalWhen: {
      en: 'only a ready, running or paused campaign can be aborted',
      zh: '只有待开始、进行中或已暂停的任务可以终止',
    },
  },
  delete: {
    // A running campaign is dialing: it must be paused or aborted first.
    from: [Ready, Paused, Terminated, Completed],
    outcome: { kind: 'deleted' },
    verb: { en: 'deleted', zh: '删除' },
    legalWhen: {
      en: 'a running campaign cannot be deleted; pause or abort it first',
      zh: '进行中的任务不能删除，请先暂停或终止',
    },
  },
};

/**
 * The outcome of `command` on a campaign in `status`, or `FailedOperation` naming the current
 * status when the command is not legal there.
 */
export function applyCommand(command: CampaignCommand, campaignId: number, status: number): CommandOutcome {
  const rule = COMMAND_RULES[command];
  if (!(rule.from as readonly number[]).includes(status)) {
    const label = statusLabel(status);
    throw new Failure(ErrorCode.FailedOperation, {
      en: `Campaign \`CampaignId\` ${campaignId} cannot be ${rule.verb.en}: its status is ${label.en}; ${rule.legalWhen.en}.`,
      zh: `任务 \`CampaignId\` ${campaignId} 无法${rule.verb.zh}：当前状态为 ${label.zh}；${rule.legalWhen.zh}。`,
    });
  }
  return rule.outcome;
}
