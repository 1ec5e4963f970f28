import { Type } from '@sinclair/typebox';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import {
  countLiveCampaignsUsing,
  findSkillGroup,
  markSkillGroupDeleted,
} from '../../../store/directory/skillGroupStore.ts';
import { unbindSkillGroupFromAll } from '../../../store/directory/staffSkillGroupStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownSkillGroup } from './skillGroupRefusals.ts';

/** Deletes a group no live campaign needs; its agents leave it. */
export const deleteCCCSkillGroup = defineAction({
  name: 'DeleteCCCSkillGroup',
  input: Type.Object(
    { SdkAppId: Type.Integer(), SkillGroupId: Type.Integer() },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const formerMembers = await ctx.services.db.transaction().execute(async (tx) => {
      const group = await findSkillGroup(tx, input.SdkAppId, input.SkillGroupId);
      if (!group) throw unknownSkillGroup('SkillGroupId', input.SkillGroupId);
      const live = await countLiveCampaignsUsing(tx, input.SdkAppId, group.skillGroupId);
      if (live > 0) {
        throw new Failure(ErrorCode.ResourceUnavailable, {
          en: `The skill group \`SkillGroupId\` ${group.skillGroupId} is used by ${live} campaign(s) that are ready, running or paused; abort or delete them first.`,
          zh: `技能组 \`SkillGroupId\` ${group.skillGroupId} 正被 ${live} 个待开始、进行中或已暂停的任务使用，请先终止或删除这些任务。`,
        });
      }
      await markSkillGroupDeleted(tx, group.skillGroupId, ctx.services.clock.now());
      return unbindSkillGroupFromAll(tx, input.SdkAppId, group.skillGroupId);
    });
    for (const mail of formerMembers) ctx.services.engine.staffChanged(input.SdkAppId, mail);
    return {};
  },
});
