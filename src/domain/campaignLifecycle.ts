/**
 * The campaign transitions the clock and the callee list drive (SPEC §2): ready→running at
 * StartTime; ready/running/paused→terminated (StatusReason 2) at EndTime; running→completed when
 * every callee is finished. Pause, Resume and Abort are the API's. Pure: the engine commits the
 * transition (compare-and-set on the status it saw) before acting on it.
 */
import { CampaignStatus, StatusReason } from './campaign/campaignStatus.ts';

export interface CampaignClockState {
  readonly status: CampaignStatus;
  /** ms. */
  readonly startAt: number;
  /** ms. */
  readonly endAt: number;
  readonly calleeCount: number;
  readonly finishedCalleeCount: number;
}

export interface DueTransition {
  readonly from: CampaignStatus;
  readonly to: CampaignStatus;
  readonly reason: StatusReason;
}

export function dueTransition(campaign: CampaignClockState, now: number): DueTransition | undefined {
  const { status } = campaign;
  const live =
    status === CampaignStatus.Ready || status === CampaignStatus.Running || status === CampaignStatus.Paused;
  if (live && now >= campaign.endAt) {
    return { from: status, to: CampaignStatus.Terminated, reason: StatusReason.EndTimePassed };
  }
  if (status === CampaignStatus.Ready && now >= campaign.startAt) {
    return { from: status, to: CampaignStatus.Running, reason: StatusReason.Normal };
  }
  if (status === CampaignStatus.Running && campaign.finishedCalleeCount >= campaign.calleeCount) {
    return { from: status, to: CampaignStatus.Completed, reason: StatusReason.Normal };
  }
  return undefined;
}
