import { Type } from '@sinclair/typebox';
import { unbindSkillGroups } from '../../../store/directory/staffSkillGroupStore.ts';
import { findStaff, touchStaff } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownStaff } from './staffRefusals.ts';

/** Takes an agent out of skill groups; groups the agent is not in are skipped. */
export const unbindStaffSkillGroupList = defineAction({
  name: 'UnbindStaffSkillGroupList',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StaffEmail: Type.String(),
      SkillGroupList: Type.Array(Type.Integer(), { minItems: 1 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    await ctx.services.db.transaction().execute(async (tx) => {
      if (!(await findStaff(tx, input.SdkAppId, input.StaffEmail)))
        throw unknownStaff('StaffEmail', input.StaffEmail);
      await unbindSkillGroups(tx, input.SdkAppId, input.StaffEmail, input.SkillGroupList);
      await touchStaff(tx, input.SdkAppId, input.StaffEmail, ctx.services.clock.now());
    });
    ctx.services.engine.staffChanged(input.SdkAppId, input.StaffEmail);
    return {};
  },
});
