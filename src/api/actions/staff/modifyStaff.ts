import { Type } from '@sinclair/typebox';
import { findSkillGroups } from '../../../store/directory/skillGroupStore.ts';
import { replaceSkillGroups } from '../../../store/directory/staffSkillGroupStore.ts';
import { findStaff, updateStaff } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownSkillGroup } from '../skillGroups/skillGroupRefusals.ts';
import { unknownStaff } from './staffRefusals.ts';
import { ForwardingConfigInput } from './staffSchemas.ts';

/**
 * Changes an agent's details; `Email` names the agent. SkillGroupIds, when given, becomes the
 * agent's whole list of groups.
 */
export const modifyStaff = defineAction({
  name: 'ModifyStaff',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      Email: Type.String(),
      Name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      Phone: Type.Optional(Type.String({ maxLength: 32 })),
      Nick: Type.Optional(Type.String({ maxLength: 64 })),
      StaffNo: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
      SkillGroupIds: Type.Optional(Type.Array(Type.Integer())),
      // Mobile answering, extensions and forwarding are Tencent console features for inbound
      // calls: accepted so its clients work, not acted on.
      UseMobileCallOut: Type.Optional(Type.Boolean()),
      UseMobileAccept: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
      ExtensionNumber: Type.Optional(Type.String()),
      ForwardingConfig: Type.Optional(ForwardingConfigInput),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    await ctx.services.db.transaction().execute(async (tx) => {
      const staff = await findStaff(tx, input.SdkAppId, input.Email);
      if (!staff) throw unknownStaff('Email', input.Email);
      if (input.SkillGroupIds) {
        const known = new Set(
          (await findSkillGroups(tx, input.SdkAppId, input.SkillGroupIds)).map((g) => g.skillGroupId),
        );
        const missing = input.SkillGroupIds.findIndex((id) => !known.has(id));
        if (missing >= 0) throw unknownSkillGroup(`SkillGroupIds.${missing}`, input.SkillGroupIds[missing]!);
      }
      await updateStaff(tx, input.SdkAppId, input.Email, {
        name: input.Name,
        phone: input.Phone,
        nick: input.Nick,
        staffNumber: input.StaffNo,
        modifiedAt: ctx.services.clock.now(),
      });
      if (input.SkillGroupIds) await replaceSkillGroups(tx, input.SdkAppId, input.Email, input.SkillGroupIds);
    });
    if (input.SkillGroupIds) ctx.services.engine.staffChanged(input.SdkAppId, input.Email);
    return {};
  },
});
