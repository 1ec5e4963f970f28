import { Type } from '@sinclair/typebox';
import { deleteOfflineStaff, findStaff } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';

/**
 * Deletes agents who are offline. Those online (in any other status, on a call included) are kept
 * and listed in OnlineStaffList; mails the application does not have are skipped.
 */
export const deleteStaff = defineAction({
  name: 'DeleteStaff',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StaffList: Type.Array(Type.String(), { minItems: 1, maxItems: 200 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { db } = ctx.services;
    const online: string[] = [];
    for (const mail of new Set(input.StaffList)) {
      if (await deleteOfflineStaff(db, input.SdkAppId, mail)) {
        ctx.services.engine.staffChanged(input.SdkAppId, mail);
      } else if (await findStaff(db, input.SdkAppId, mail)) {
        online.push(mail);
      }
    }
    return { OnlineStaffList: online };
  },
});
