import { Type } from '@sinclair/typebox';
import { countNumbers, listNumbers } from '../../../store/directory/numberStore.ts';
import { liveSkillGroupIds } from '../../../store/directory/skillGroupStore.ts';
import { pageOf } from '../../../store/page.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { optionalPageInput } from '../pageInput.ts';

const DEFAULT_PAGE_SIZE = 20;

/** The application's caller numbers: what CreatePredictiveDialingCampaign's Callers may name. */
export const describeNumbers = defineAction({
  name: 'DescribeNumbers',
  input: Type.Object(
    { SdkAppId: Type.Integer(), ...optionalPageInput(100) },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const page = pageOf(input.PageNumber ?? 0, input.PageSize ?? DEFAULT_PAGE_SIZE);
    const [total, numbers, groups] = await Promise.all([
      countNumbers(ctx.services.db, input.SdkAppId),
      listNumbers(ctx.services.db, input.SdkAppId, page),
      liveSkillGroupIds(ctx.services.db, input.SdkAppId),
    ]);
    return {
      TotalCount: total,
      Numbers: numbers.map((n) => ({
        Number: n.number,
        // The config binds numbers to groups by id; a group deleted since is no binding any more.
        CallOutSkillGroupIds: n.callOutSkillGroupIds.filter((id) => groups.has(id)),
        State: n.state,
      })),
    };
  },
});
