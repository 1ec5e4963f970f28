import { Type } from '@sinclair/typebox';
import { lockApplication } from '../../../store/directory/applicationStore.ts';
import {
  findSkillGroup,
  findSkillGroupByName,
  updateSkillGroup,
} from '../../../store/directory/skillGroupStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { skillGroupNameTaken, unknownSkillGroup } from './skillGroupRefusals.ts';
import { MaxConcurrency, SkillGroupName } from './skillGroupSchemas.ts';

/** Renames a group or changes its concurrency. Note Tencent's `SkillGroupID`, capital D. */
export const updateCCCSkillGroup = defineAction({
  name: 'UpdateCCCSkillGroup',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      SkillGroupID: Type.Integer(),
      SkillGroupName: Type.Optional(SkillGroupName),
      MaxConcurrency: Type.Optional(MaxConcurrency),
      // Simultaneous ringing is for inbound queues; a predictive call goes to one free agent.
      RingAll: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    await ctx.services.db.transaction().execute(async (tx) => {
      // A rename and a create (or two renames) to one name at once must not both find it free.
      await lockApplication(tx, input.SdkAppId);
      const group = await findSkillGroup(tx, input.SdkAppId, input.SkillGroupID);
      if (!group) throw unknownSkillGroup('SkillGroupID', input.SkillGroupID);
      const name = input.SkillGroupName;
      if (
        name !== undefined &&
        name !== group.name &&
        (await findSkillGroupByName(tx, input.SdkAppId, name))
      ) {
        throw skillGroupNameTaken('SkillGroupName', name);
      }
      await updateSkillGroup(tx, group.skillGroupId, {
        name,
        maxConcurrency: input.MaxConcurrency,
        modifiedAt: ctx.services.clock.now(),
      });
    });
    return {};
  },
});
