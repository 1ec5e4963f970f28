import { Type } from '@sinclair/typebox';
import { agentCredentials } from '../../../domain/agentCredentials.ts';
import { setStaffPassword } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownStaff } from './staffRefusals.ts';

/** Sets the password the agent signs in to our agent desk with; only its hash is kept. */
export const modifyStaffPassword = defineAction({
  name: 'ModifyStaffPassword',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      Email: Type.String(),
      Password: Type.String({ minLength: 8, maxLength: 128 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const found = await setStaffPassword(
      ctx.services.db,
      input.SdkAppId,
      input.Email,
      await agentCredentials(input.Email, input.Password),
      ctx.services.clock.now(),
    );
    if (!found) throw unknownStaff('Email', input.Email);
    return {};
  },
});
