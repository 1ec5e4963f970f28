import { Type } from '@sinclair/typebox';
import { legacyTypeName } from '../../../domain/skillGroup/skillGroupType.ts';
import { skillGroupsOfStaff } from '../../../store/directory/staffSkillGroupStore.ts';
import { countStaff, listStaff, type StaffFilter } from '../../../store/directory/staffStore.ts';
import { pageOf } from '../../../store/page.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { requiredPageInput } from '../pageInput.ts';

/** Tencent's role 3: an ordinary agent. We have no other roles. */
const AGENT_ROLE = 3;

export const describeStaffInfoList = defineAction({
  name: 'DescribeStaffInfoList',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      ...requiredPageInput(9999),
      StaffMail: Type.Optional(Type.String()),
      /** Unix seconds: agents modified at or after it. */
      ModifiedTime: Type.Optional(Type.Integer({ minimum: 0 })),
      SkillGroupId: Type.Optional(Type.Integer()),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { db } = ctx.services;
    const filter: StaffFilter = {
      mail: input.StaffMail,
      skillGroupId: input.SkillGroupId,
      modifiedSince: input.ModifiedTime === undefined ? undefined : input.ModifiedTime * 1000,
    };
    const [total, staff] = await Promise.all([
      countStaff(db, input.SdkAppId, filter),
      listStaff(db, input.SdkAppId, filter, pageOf(input.PageNumber, input.PageSize)),
    ]);
    const groups = await skillGroupsOfStaff(
      db,
      input.SdkAppId,
      staff.map((s) => s.mail),
    );
    return {
      TotalCount: total,
      StaffList: staff.map((s) => ({
        Name: s.name,
        Mail: s.mail,
        Phone: s.phone,
        Nick: s.nick,
        StaffNumber: s.staffNumber,
        RoleId: AGENT_ROLE,
        RoleList: [AGENT_ROLE],
        SkillGroupList: (groups.get(s.mail) ?? []).map((g) => ({
          SkillGroupId: g.skillGroupId,
          SkillGroupName: g.name,
          Priority: g.priority,
          Type: legacyTypeName(g.type),
        })),
        LastModifyTimestamp: Math.floor(s.modifiedAt / 1000),
        ExtensionNumber: '',
      })),
    };
  },
});
