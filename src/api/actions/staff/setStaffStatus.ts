import { type Static, Type } from '@sinclair/typebox';
import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { parseStaffStatus, StaffStatus } from '../../../domain/staff/staffStatus.ts';
import { REQUESTABLE_STATUSES, statusesAllowedBefore } from '../../../domain/staff/staffStatusRules.ts';
import { setStaffStatus as writeStaffStatus } from '../../../store/directory/staffStatusStore.ts';
import { findStaffByUserId } from '../../../store/directory/staffStore.ts';
import type { ActionContext } from '../../action.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { unknownStaff } from './staffRefusals.ts';

const StatusItem = Type.Object(
  {
    StaffUserId: Type.String(),
    /** free, notReady or rest, in any case. */
    Status: Type.String(),
    Reason: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);

interface StatusResult {
  StaffUserId: string;
  /** Empty for an item that was applied. */
  ErrorCode: string;
  ErrorMessage: string;
  Status: string;
  Reason: string;
  PreviousStatus: string;
  PreviousReason: string;
}

/**
 * Sets agents' statuses, each on its own: every item gets a result with an ErrorCode (empty when
 * applied), the status the agent is now in, and the one before. Agents set free become eligible
 * for calls at once; agents set to rest or notReady get no new call, even mid-call.
 */
export const setStaffStatus = defineAction({
  name: 'SetStaffStatus',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StaffStatusList: Type.Array(StatusItem, { minItems: 1, maxItems: 10 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const results: StatusResult[] = [];
    for (const [index, item] of input.StaffStatusList.entries()) {
      results.push(await setOne(ctx, input.SdkAppId, item, `StaffStatusList.${index}`));
    }
    return { StaffStatusList: results };
  },
});

async function setOne(
  ctx: ActionContext,
  sdkAppId: number,
  item: Static<typeof StatusItem>,
  field: string,
): Promise<StatusResult> {
  const { db, clock, engine } = ctx.services;
  const refused = (failure: Failure, current?: { status: string; reason: string }): StatusResult => ({
    StaffUserId: item.StaffUserId,
    ErrorCode: failure.code,
    ErrorMessage: failure.messageIn(ctx.language),
    Status: current?.status ?? '',
    Reason: current?.reason ?? '',
    PreviousStatus: current?.status ?? '',
    PreviousReason: current?.reason ?? '',
  });

  const staff = await findStaffByUserId(db, sdkAppId, item.StaffUserId);
  if (!staff) return refused(unknownStaff(`${field}.StaffUserId`, item.StaffUserId));
  const current = { status: staff.status, reason: staff.statusReason };
  const target = parseStaffStatus(item.Status);
  if (!target || !REQUESTABLE_STATUSES.includes(target)) {
    return refused(
      new Failure(ErrorCode.InvalidParameterValue, {
        en: `The value of \`${field}.Status\` is invalid: ${quoted(item.Status)} is not one of free, notReady, rest.`,
        zh: `参数 \`${field}.Status\` 的取值无效：${quoted(item.Status)} 不是 free、notReady、rest 之一。`,
      }),
      current,
    );
  }
  const change = await writeStaffStatus(db, {
    sdkAppId,
    mail: staff.mail,
    status: target,
    // A reason explains a break; a free agent has none.
    reason: target === StaffStatus.Free ? '' : (item.Reason ?? ''),
    at: clock.now(),
    onlyFrom: statusesAllowedBefore(target),
  });
  if (!change) return refused(unknownStaff(`${field}.StaffUserId`, item.StaffUserId));
  if (!change.applied) {
    return refused(
      new Failure(ErrorCode.FailedOperationSeatStatusBusy, {
        en: `The agent \`${field}.StaffUserId\` ${quoted(item.StaffUserId)} is ${change.status} and cannot be set ${target} now.`,
        zh: `坐席 \`${field}.StaffUserId\` ${quoted(item.StaffUserId)} 当前状态为 ${change.status}，暂不能设为 ${target}。`,
      }),
      { status: change.status, reason: change.reason },
    );
  }
  if (change.status !== change.previousStatus || change.reason !== change.previousReason) {
    engine.staffChanged(sdkAppId, staff.mail);
  }
  return {
    StaffUserId: item.StaffUserId,
    ErrorCode: '',
    ErrorMessage: '',
    Status: change.status,
    Reason: change.reason,
    PreviousStatus: change.previousStatus,
    PreviousReason: change.previousReason,
  };
}
