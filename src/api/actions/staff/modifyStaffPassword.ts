import { Type } from '@sinclair/typebox';
import { hashPassword } from '../../../domain/password.ts';
import { setStaffPasswordHash } from '../../../store/directory/staffStore.ts';
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
    const hash = hashPassword(input.Password);
    const found = await setStaffPasswordHash(
      ctx.services.db,
      input.SdkAppId,
      input.Email,
      hash,
      ctx.services.clock.now(),
    );
    if (!found) throw unknownStaff('Email', input.Email);
    return {};
  },
});
