import { Type } from '@sinclair/typebox';
import { legacyTypeName } from '../../../domain/skillGroup/skillGroupType.ts';
import {
  countSkillGroups,
  listSkillGroups,
  type SkillGroupFilter,
} from '../../../store/directory/skillGroupStore.ts';
import { pageOf } from '../../../store/page.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { requiredPageInput } from '../pageInput.ts';

export const describeSkillGroupInfoList = defineAction({
  name: 'DescribeSkillGroupInfoList',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      ...requiredPageInput(100),
      SkillGroupId: Type.Optional(Type.Integer()),
      /** Unix seconds: groups modified at or after it. */
      ModifiedTime: Type.Optional(Type.Integer({ minimum: 0 })),
      /** The exact name. */
      SkillGroupName: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const filter: SkillGroupFilter = {
      skillGroupId: input.SkillGroupId,
      name: input.SkillGroupName,
      modifiedSince: input.ModifiedTime === undefined ? undefined : input.ModifiedTime * 1000,
    };
    const [total, groups] = await Promise.all([
      countSkillGroups(ctx.services.db, input.SdkAppId, filter),
      listSkillGroups(ctx.services.db, input.SdkAppId, filter, pageOf(input.PageNumber, input.PageSize)),
    ]);
    return {
      TotalCount: total,
      SkillGroupList: groups.map((g) => ({
        SkillGroupId: g.skillGroupId,
        SkillGroupName: g.name,
        Type: legacyTypeName(g.type),
        UsingLastSeat: 0,
        MaxConcurrency: g.maxConcurrency,
        LastModifyTimestamp: Math.floor(g.modifiedAt / 1000),
        SkillGroupType: g.type,
        Alias: '',
        RingAll: false,
      })),
    };
  },
});
