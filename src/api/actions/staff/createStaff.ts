import { type Static, Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { isValidStaffMail } from '../../../domain/staff/staffMail.ts';
import { lockApplication } from '../../../store/directory/applicationStore.ts';
import { findSkillGroup, findSkillGroupByName } from '../../../store/directory/skillGroupStore.ts';
import { bindSkillGroups, DEFAULT_PRIORITY } from '../../../store/directory/staffSkillGroupStore.ts';
import { findStaff, insertStaff } from '../../../store/directory/staffStore.ts';
import type { Database } from '../../../store/schema.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownSkillGroup } from '../skillGroups/skillGroupRefusals.ts';
import { SeatUserInfoInput } from './staffSchemas.ts';

type SeatUserInfo = Static<typeof SeatUserInfoInput>;

/**
 * Creates up to 10 agents. Each is created or refused on its own: the refused ones come back in
 * ErrorStaffList with a code and a message, the others exist, offline, with no password yet.
 */
export const createStaff = defineAction({
  name: 'CreateStaff',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      Staffs: Type.Array(SeatUserInfoInput, { minItems: 1, maxItems: 10 }),
      // We send no mail: passwords are set with ModifyStaffPassword.
      SendPassword: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const errorStaffList: { StaffEmail: string; Code: string; Message: string }[] = [];
    const takenInRequest = new Set<string>();
    for (const [index, seat] of input.Staffs.entries()) {
      const refusal = await ctx.services.db
        .transaction()
        .execute((tx) =>
          createOne(tx, input.SdkAppId, seat, index, takenInRequest, ctx.services.clock.now()),
        );
      if (refusal) {
        errorStaffList.push({
          StaffEmail: seat.Mail,
          Code: refusal.code,
          Message: refusal.messageIn(ctx.language),
        });
      } else {
        // Only a created agent holds its mail: a refused item may be corrected by a later one.
        // (A mail refused as a duplicate is already held, by this request or by the store.)
        takenInRequest.add(seat.Mail);
      }
    }
    return { ErrorStaffList: errorStaffList };
  },
});

/** Creates one agent, or returns why not (the transaction then writes nothing). */
async function createOne(
  db: Kysely<Database>,
  sdkAppId: number,
  seat: SeatUserInfo,
  index: number,
  takenInRequest: ReadonlySet<string>,
  now: number,
): Promise<Failure | undefined> {
  const field = `Staffs.${index}`;
  if (!isValidStaffMail(seat.Mail)) {
    return new Failure(ErrorCode.InvalidParameterValue, {
      en: `The value of \`${field}.Mail\` is invalid: ${quoted(seat.Mail)} is not a mail address.`,
      zh: `参数 \`${field}.Mail\` 的取值无效：${quoted(seat.Mail)} 不是邮箱地址。`,
    });
  }
  // Another request creating this mail at once must wait, then find it (PostgreSQL runs them together).
  await lockApplication(db, sdkAppId);
  if (takenInRequest.has(seat.Mail) || (await findStaff(db, sdkAppId, seat.Mail))) {
    return new Failure(ErrorCode.FailedOperationDuplicatedAccount, {
      en: `The agent \`${field}.Mail\` ${quoted(seat.Mail)} already exists.`,
      zh: `坐席 \`${field}.Mail\` ${quoted(seat.Mail)} 已存在。`,
    });
  }
  const groupIds: number[] = [];
  for (const [i, name] of (seat.SkillGroupNameList ?? []).entries()) {
    const group = await findSkillGroupByName(db, sdkAppId, name);
    if (!group) {
      return new Failure(ErrorCode.InvalidParameterValue, {
        en: `The value of \`${field}.SkillGroupNameList.${i}\` is invalid: the application has no skill group named ${quoted(name)}.`,
        zh: `参数 \`${field}.SkillGroupNameList.${i}\` 的取值无效：应用中不存在名为 ${quoted(name)} 的技能组。`,
      });
    }
    groupIds.push(group.skillGroupId);
  }
  if (seat.SkillGroupId !== undefined) {
    if (!(await findSkillGroup(db, sdkAppId, seat.SkillGroupId))) {
      return unknownSkillGroup(`${field}.SkillGroupId`, seat.SkillGroupId);
    }
    groupIds.push(seat.SkillGroupId);
  }
  await insertStaff(db, {
    sdkAppId,
    mail: seat.Mail,
    userId: seat.UserId || seat.Mail,
    name: seat.Name,
    phone: seat.Phone ?? '',
    nick: seat.Nick ?? seat.Name,
    staffNumber: seat.StaffNumber,
    at: now,
  });
  await bindSkillGroups(
    db,
    sdkAppId,
    seat.Mail,
    [...new Set(groupIds)].map((skillGroupId) => ({ skillGroupId, priority: DEFAULT_PRIORITY })),
  );
  return undefined;
}
