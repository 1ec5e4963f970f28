import type { ApiServices } from '../api/services.ts';
import { abandonTarget } from './abandonTarget.ts';
import { type CallTally, NO_CALLS } from './callTally.ts';
import type { CampaignPoint, CampaignSnapshot } from './consoleWire.ts';
import { latestSessions } from './latestSessions.ts';
import { skillGroupAgents } from './skillGroupAgents.ts';

/** Reads the campaign's live picture from the database; undefined when the campaign is gone. */
export async function campaignSnapshot(
  services: ApiServices,
  tally: CallTally,
  campaignId: number,
): Promise<CampaignSnapshot | undefined> {
  const { db } = services;
  const campaign = await db
    .selectFrom('campaigns')
    .innerJoin('applications', 'applications.sdk_app_id', 'campaigns.sdk_app_id')
    .leftJoin('skill_groups', 'skill_groups.skill_group_id', 'campaigns.skill_group_id')
    .selectAll('campaigns')
    .select(['skill_groups.name as skill_group_name', 'applications.abandon_rate_ceiling'])
    .where('campaigns.campaign_id', '=', campaignId)
    .executeTakeFirst();
  if (!campaign) return undefined;
  const [counts, agents, sessions] = await Promise.all([
    tally.counts([campaignId]),
    skillGroupAgents(db, campaign.skill_group_id),
    latestSessions(db, campaignId),
  ]);
  return {
    At: services.clock.now(),
    Campaign: {
      CampaignId: campaign.campaign_id,
      SdkAppId: campaign.sdk_app_id,
      Name: campaign.name,
      Status: campaign.status,
      StatusReason: campaign.status_reason,
      Priority: campaign.priority,
      SkillGroupId: campaign.skill_group_id,
      SkillGroupName: campaign.skill_group_name ?? '',
      CalleeCount: campaign.callee_count,
      FinishedCalleeCount: campaign.finished_callee_count,
      ExpectedAbandonRate: campaign.expected_abandon_rate,
      TargetAbandonRate: abandonTarget(campaign.expected_abandon_rate, campaign.abandon_rate_ceiling),
      StartTime: campaign.start_time_s,
      EndTime: campaign.end_time_s,
      Deleted: campaign.deleted === 1,
    },
    Calls: counts.get(campaignId) ?? NO_CALLS,
    Agents: agents,
    Sessions: sessions,
  };
}

/** The chart figures of a frame. */
export function campaignPoint(s: CampaignSnapshot): CampaignPoint {
  return {
    At: s.At,
    AbandonRate: s.Calls.AbandonRate,
    TargetAbandonRate: s.Campaign.TargetAbandonRate,
    Occupancy: s.Agents.Occupancy,
    InFlight: s.Calls.InFlight,
    Talking: s.Calls.Talking,
  };
}
