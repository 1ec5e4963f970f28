import { Type } from '@sinclair/typebox';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { findSkillGroups } from '../../../store/directory/skillGroupStore.ts';
import { bindSkillGroups, DEFAULT_PRIORITY } from '../../../store/directory/staffSkillGroupStore.ts';
import { findStaff, touchStaff } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownSkillGroup } from '../skillGroups/skillGroupRefusals.ts';
import { unknownStaff } from './staffRefusals.ts';
import { Priority } from './staffSchemas.ts';

/**
 * Adds an agent to skill groups, each at a priority (1 highest – 5, default 3); a group the agent is
 * already in takes the new priority. Takes Tencent's StaffSkillGroupList or the older
 * SkillGroupList of bare ids (default priority), or both.
 */
export const bindStaffSkillGroupList = defineAction({
  name: 'BindStaffSkillGroupList',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StaffEmail: Type.String(),
      StaffSkillGroupList: Type.Optional(
        Type.Array(
          Type.Object(
            { SkillGroupId: Type.Integer(), Priority: Type.Optional(Priority) },
            { additionalProperties: false },
          ),
        ),
      ),
      SkillGroupList: Type.Optional(Type.Array(Type.Integer())),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    if (input.StaffSkillGroupList === undefined && input.SkillGroupList === undefined) {
      throw new Failure(ErrorCode.MissingParameter, {
        en: 'The parameter `StaffSkillGroupList` is missing.',
        zh: '缺少参数 `StaffSkillGroupList`。',
      });
    }
    const requested = [
      ...(input.SkillGroupList ?? []).map((id, i) => ({
        field: `SkillGroupList.${i}`,
        skillGroupId: id,
        priority: DEFAULT_PRIORITY,
      })),
      ...(input.StaffSkillGroupList ?? []).map((g, i) => ({
        field: `StaffSkillGroupList.${i}.SkillGroupId`,
        skillGroupId: g.SkillGroupId,
        priority: g.Priority ?? DEFAULT_PRIORITY,
      })),
    ];
    await ctx.services.db.transaction().execute(async (tx) => {
      if (!(await findStaff(tx, input.SdkAppId, input.StaffEmail)))
        throw unknownStaff('StaffEmail', input.StaffEmail);
      const known = new Set(
        (
          await findSkillGroups(
            tx,
            input.SdkAppId,
            requested.map((r) => r.skillGroupId),
          )
        ).map((g) => g.skillGroupId),
      );
      const missing = requested.find((r) => !known.has(r.skillGroupId));
      if (missing) throw unknownSkillGroup(missing.field, missing.skillGroupId);
      // The later entry for a group wins, StaffSkillGroupList's priorities over bare ids.
      const byGroup = new Map(requested.map((r) => [r.skillGroupId, r]));
      await bindSkillGroups(tx, input.SdkAppId, input.StaffEmail, [...byGroup.values()]);
      await touchStaff(tx, input.SdkAppId, input.StaffEmail, ctx.services.clock.now());
    });
    ctx.services.engine.staffChanged(input.SdkAppId, input.StaffEmail);
    return {};
  },
});
