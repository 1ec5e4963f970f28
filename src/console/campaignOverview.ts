import type { ActionContext } from '../api/action.ts';
import { requireApplication } from '../api/tenancy.ts';
import { pageOf } from '../store/page.ts';
import { abandonTarget } from './abandonTarget.ts';
import { type CallTally, NO_CALLS } from './callTally.ts';
import type { CampaignPage } from './consoleWire.ts';

/** The application's campaigns, newest first, a page at a time. */
export async function listCampaigns(
  ctx: ActionContext,
  tally: CallTally,
  sdkAppId: number,
  page: { readonly pageNumber: number; readonly pageSize: number },
): Promise<CampaignPage> {
  const app = await requireApplication(ctx, sdkAppId);
  const { db } = ctx.services;
  // Capped as the API's listings are, should a caller pass a page the console's schema would refuse.
  const { offset, limit } = pageOf(page.pageNumber, page.pageSize);
  const base = db
    .selectFrom('campaigns')
    .where('campaigns.sdk_app_id', '=', sdkAppId)
    .where('campaigns.deleted', '=', 0);
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('skill_groups', 'skill_groups.skill_group_id', 'campaigns.skill_group_id')
      .selectAll('campaigns')
      .select('skill_groups.name as skill_group_name')
      // Newest first, in the order of the index of each application's campaigns (as the API's
      // listing): by id alone, SQLite sorted every campaign of the application for each page.
      .orderBy('campaigns.created_at', 'desc')
      .orderBy('campaigns.campaign_id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  const counts = await tally.counts(rows.map((r) => r.campaign_id));
  return {
    TotalCount: Number(total.n),
    Campaigns: rows.map((r) => {
      const calls = counts.get(r.campaign_id) ?? NO_CALLS;
      return {
        CampaignId: r.campaign_id,
        Name: r.name,
        Status: r.status,
        StatusReason: r.status_reason,
        Priority: r.priority,
        SkillGroupId: r.skill_group_id,
        SkillGroupName: r.skill_group_name ?? '',
        CalleeCount: r.callee_count,
        FinishedCalleeCount: r.finished_callee_count,
        ExpectedAbandonRate: r.expected_abandon_rate,
        TargetAbandonRate: abandonTarget(r.expected_abandon_rate, app.abandon_rate_ceiling),
        AbandonRate: calls.AbandonRate,
        Answered: calls.Answered,
        InFlight: calls.InFlight,
        StartTime: r.start_time_s,
        EndTime: r.end_time_s,
      };
    }),
  };
}
