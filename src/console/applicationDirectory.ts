import type { ActionContext } from '../api/action.ts';
import { requireApplication } from '../api/tenancy.ts';
import type { ApplicationDirectory } from './consoleWire.ts';

export async function loadDirectory(ctx: ActionContext, sdkAppId: number): Promise<ApplicationDirectory> {
  const app = await requireApplication(ctx, sdkAppId);
  const { db } = ctx.services;
  const [groups, agentCounts, numbers, ivrs] = await Promise.all([
    db
      .selectFrom('skill_groups')
      .select(['skill_group_id', 'name'])
      .where('sdk_app_id', '=', sdkAppId)
      .where('deleted', '=', 0)
      .orderBy('skill_group_id')
      .execute(),
    db
      .selectFrom('staff_skill_groups')
      .select(['skill_group_id', (eb) => eb.fn.countAll<number>().as('agents')])
      .where('sdk_app_id', '=', sdkAppId)
      .groupBy('skill_group_id')
      .execute(),
    db
      .selectFrom('numbers')
      .select(['number', 'state', 'call_out_skill_group_ids'])
      .where('sdk_app_id', '=', sdkAppId)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('ivrs')
      .select(['ivr_id', 'name'])
      .where('sdk_app_id', '=', sdkAppId)
      .orderBy('ivr_id')
      .execute(),
  ]);
  const agentsOf = new Map(agentCounts.map((r) => [r.skill_group_id, Number(r.agents)]));
  const liveGroups = new Set(groups.map((g) => g.skill_group_id));
  return {
    SdkAppId: app.sdk_app_id,
    Name: app.name,
    SkillGroups: groups.map((g) => ({
      SkillGroupId: g.skill_group_id,
      SkillGroupName: g.name,
      AgentCount: agentsOf.get(g.skill_group_id) ?? 0,
    })),
    Numbers: numbers.map((n) => ({
      Number: n.number,
      State: n.state,
      // As DescribeNumbers answers: a group deleted since is no binding any more.
      CallOutSkillGroupIds: (JSON.parse(n.call_out_skill_group_ids) as number[]).filter((id) =>
        liveGroups.has(id),
      ),
    })),
    Ivrs: ivrs.map((i) => ({ IvrId: i.ivr_id, Name: i.name })),
    AbandonRateCeiling: app.abandon_rate_ceiling,
    MaxCalleesPerCampaign: app.max_callees_per_campaign,
  };
}
