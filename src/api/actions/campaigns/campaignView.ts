import type { CampaignRow } from '../../../store/campaigns/campaignRecord.ts';
import { settingsOf } from '../../../store/campaigns/campaignRecord.ts';
import type { CampaignListRow } from '../../../store/campaigns/campaignRepository.ts';
import type { ActionOutput } from '../../action.ts';

/**
 * DescribePredictiveDialingCampaign's answer. The SDK's response class declares the fields up to
 * EndTime; the rest are ours (SPEC §2: further fields may follow, never renamed ones), read by
 * clients that look at the raw response. Callees are never echoed.
 */
export function campaignDetail(
  row: CampaignRow,
  calleeAttributes: ReadonlyArray<{ number: string; uui: string; variables: unknown }>,
): ActionOutput {
  const settings = settingsOf(row);
  return {
    CampaignId: row.campaign_id,
    Name: settings.name,
    CallOrder: settings.callOrder,
    SkillGroupId: settings.skillGroupId,
    ...(settings.ivrId !== null ? { IVRId: settings.ivrId } : {}),
    Priority: settings.priority,
    ExpectedAbandonRate: settings.expectedAbandonRate,
    RetryTimes: settings.retryTimes,
    RetryInterval: settings.retryIntervalS,
    StartTime: settings.startTimeS,
    EndTime: settings.endTimeS,
    Variables: settings.variables,
    UUI: settings.uui,
    Status: row.status,
    StatusReason: row.status_reason,
    Callers: settings.callers,
    CalleeAttributes: calleeAttributes.map((a) => ({ Callee: a.number, UUI: a.uui, Variables: a.variables })),
    ...(settings.timeZone !== null ? { TimeZone: settings.timeZone } : {}),
    AvailableTime: settings.availableTime,
    CalleeCount: row.callee_count,
    FinishedCalleeCount: row.finished_callee_count,
  };
}

/** One element of DescribePredictiveDialingCampaigns' CampaignList (the SDK's element class, exactly). */
export function campaignListElement(row: CampaignListRow): ActionOutput {
  return {
    CampaignId: row.campaign_id,
    Name: row.name,
    Status: row.status,
    StatusReason: row.status_reason,
    CalleeCount: row.callee_count,
    FinishedCalleeCount: row.finished_callee_count,
    Priority: row.priority,
    SkillGroupId: row.skill_group_id,
  };
}
