import { Type } from '@sinclair/typebox';
import { lockApplication } from '../../../store/directory/applicationStore.ts';
import { findSkillGroupByName, insertSkillGroup } from '../../../store/directory/skillGroupStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { skillGroupNameTaken } from './skillGroupRefusals.ts';
import { MaxConcurrency, SkillGroupName, SkillGroupTypeInput } from './skillGroupSchemas.ts';

export const createCCCSkillGroup = defineAction({
  name: 'CreateCCCSkillGroup',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      SkillGroupName,
      SkillGroupType: SkillGroupTypeInput,
      MaxConcurrency: Type.Optional(MaxConcurrency),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const skillGroupId = await ctx.services.db.transaction().execute(async (tx) => {
      // Two creates of one name at once must not both find it free (PostgreSQL runs them together).
      await lockApplication(tx, input.SdkAppId);
      if (await findSkillGroupByName(tx, input.SdkAppId, input.SkillGroupName)) {
        throw skillGroupNameTaken('SkillGroupName', input.SkillGroupName);
      }
      return insertSkillGroup(tx, {
        sdkAppId: input.SdkAppId,
        name: input.SkillGroupName,
        type: input.SkillGroupType,
        maxConcurrency: input.MaxConcurrency ?? 1,
        modifiedAt: ctx.services.clock.now(),
      });
    });
    return { SkillGroupId: skillGroupId };
  },
});
