import { Type } from '@sinclair/typebox';
import { quoted } from '../../../domain/campaign/invalidValue.ts';
import { ErrorCode } from '../../../domain/errorCodes.ts';
import { Failure } from '../../../domain/failure.ts';
import { parseStaffStatus, StaffStatus } from '../../../domain/staff/staffStatus.ts';
import { sumStatusDurations, todaySoFar } from '../../../domain/staff/statusDurations.ts';
import { staffMailsInGroups } from '../../../store/directory/staffSkillGroupStore.ts';
import { statusLogOver } from '../../../store/directory/staffStatusLogStore.ts';
import { listStaff } from '../../../store/directory/staffStore.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Each agent's status now and the time spent in each status today (the UTC day of the business
 * clock, up to now), in seconds, summed from the status log. Filters combine: agents in StaffList,
 * in any group of GroupIdList, in any status of StatusList (any case).
 */
export const describeStaffStatusMetrics = defineAction({
  name: 'DescribeStaffStatusMetrics',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StaffList: Type.Optional(Type.Array(Type.String())),
      GroupIdList: Type.Optional(Type.Array(Type.Integer())),
      StatusList: Type.Optional(Type.Array(Type.String())),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { db, clock } = ctx.services;
    // An empty list, like its siblings, filters nothing: v1 requests can only send a list as "".
    const statuses = input.StatusList?.length ? parseStatuses(input.StatusList) : undefined;
    const mails = input.StaffList?.length ? new Set(input.StaffList) : undefined;
    const inGroups = input.GroupIdList?.length
      ? await staffMailsInGroups(db, input.SdkAppId, input.GroupIdList)
      : undefined;
    const staff = (await listStaff(db, input.SdkAppId, {})).filter(
      (s) =>
        (!mails || mails.has(s.mail)) &&
        (!inGroups || inGroups.has(s.mail)) &&
        (!statuses || statuses.includes(s.status)),
    );
    const { from, to } = todaySoFar(clock.now());
    const logs = await statusLogOver(
      db,
      input.SdkAppId,
      staff.map((s) => s.mail),
      from,
      to,
    );
    return {
      Metrics: staff.map((s) => {
        const d = sumStatusDurations(logs.get(s.mail) ?? [], from, to);
        const onCall = s.status === StaffStatus.Busy || s.status === StaffStatus.AfterCallWork;
        return {
          Email: s.mail,
          Status: s.status,
          // What kind of session the agent is busy with: a phone call we placed.
          StatusExtra: onCall ? { Type: 'tel', Direct: 'out' } : null,
          OnlineDuration: seconds(d.online),
          FreeDuration: seconds(d.byStatus.free),
          BusyDuration: seconds(d.byStatus.busy),
          NotReadyDuration: seconds(d.byStatus.notReady),
          RestDuration: seconds(d.byStatus.rest),
          AfterCallWorkDuration: seconds(d.byStatus.afterCallWork),
          Reason: s.statusReason,
          // A requested break takes effect at once here (no reservation until the call ends).
          ReserveRest: false,
          ReserveNotReady: false,
          UseMobileAccept: 0,
          UseMobileCallOut: false,
          LastOnlineTimestamp: s.lastOnlineAt === null ? 0 : seconds(s.lastOnlineAt),
          LastStatusTimestamp: seconds(s.statusSince),
          ClientInfo: [],
        };
      }),
    };
  },
});

/** StatusList in any case; the first text that names no status refuses the whole request. */
function parseStatuses(texts: readonly string[]): StaffStatus[] {
  return texts.map((text, i) => {
    const status = parseStaffStatus(text);
    if (!status) {
      throw new Failure(ErrorCode.InvalidParameterValue, {
        en: `The value of \`StatusList.${i}\` is invalid: ${quoted(text)} is not an agent status (free, busy, rest, notReady, afterCallWork, offline).`,
        zh: `参数 \`StatusList.${i}\` 的取值无效：${quoted(text)} 不是坐席状态（free、busy、rest、notReady、afterCallWork、offline）。`,
      });
    }
    return status;
  });
}
