import type { LocalizedText } from '../failure.ts';

/** A campaign's status as the API reports it (SPEC §2). */
export const CampaignStatus = {
  Ready: 0,
  Running: 1,
  Paused: 2,
  Terminated: 3,
  Completed: 4,
} as const;
export type CampaignStatus = (typeof CampaignStatus)[keyof typeof CampaignStatus];

/** Why a campaign is in its status: ended by hand or by its EndTime. */
export const StatusReason = {
  Normal: 0,
  Aborted: 1,
  EndTimePassed: 2,
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** Statuses that count against the application's live-campaign limit. */
export const LIVE_STATUSES: readonly CampaignStatus[] = [
  CampaignStatus.Ready,
  CampaignStatus.Running,
  CampaignStatus.Paused,
];

const NAMES: Record<number, LocalizedText> = {
  [CampaignStatus.Ready]: { en: 'ready', zh: '待开始' },
  [CampaignStatus.Running]: { en: 'running', zh: '进行中' },
  [CampaignStatus.Paused]: { en: 'paused', zh: '已暂停' },
  [CampaignStatus.Terminated]: { en: 'terminated', zh: '已终止' },
  [CampaignStatus.Completed]: { en: 'completed', zh: '已完成' },
};

/** `1 (running)`: the number a client sees in Status, with its meaning. */
export function statusLabel(status: number): LocalizedText {
  const name = NAMES[status] ?? { en: 'unknown', zh: '未知' };
  return { en: `${status} (${name.en})`, zh: `${status}（${name.zh}）` };
}
