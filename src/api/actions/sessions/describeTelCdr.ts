import { Type } from '@sinclair/typebox';
import { normaliseCallerNumber } from '../../../domain/campaign/calleeNumber.ts';
import { type Page, pageOf } from '../../../store/page.ts';
import { type CallRecordFilter, describeCallRecords } from '../../../store/sessions/callRecordQuery.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { optionalPageInput } from '../pageInput.ts';
import { queryWindow } from './queryWindow.ts';
import { telCdrInfo } from './telCdrInfo.ts';

const DEFAULT_PAGE_SIZE = 20;

/**
 * Call records: the application's finished sessions started in the window, oldest first. The list
 * goes out twice, as TelCdrList and as TelCdrs, the name older clients read.
 */
export const describeTelCdr = defineAction({
  name: 'DescribeTelCdr',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      StartTimeStamp: Type.Integer({ minimum: 0 }),
      EndTimeStamp: Type.Integer({ minimum: 0 }),
      ...optionalPageInput(100),
      Phones: Type.Optional(Type.Array(Type.String(), { maxItems: 1000 })),
      SessionIds: Type.Optional(Type.Array(Type.String(), { maxItems: 1000 })),
      // Deprecated by Tencent, still sent by old clients: InstanceId is the application of old,
      // Limit/Offset the paging of old (used when PageSize and PageNumber are absent).
      InstanceId: Type.Optional(Type.Integer()),
      Limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      Offset: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const { from, to } = queryWindow(
      'StartTimeStamp',
      input.StartTimeStamp,
      'EndTimeStamp',
      input.EndTimeStamp,
    );
    const filter: CallRecordFilter = {
      sdkAppId: input.SdkAppId,
      from,
      to,
      // Stored numbers have no separators (normalised at create); a filter written with some matches.
      phones: input.Phones?.map(normaliseCallerNumber),
      sessionIds: input.SessionIds,
    };
    const page: Page =
      input.PageSize === undefined &&
      input.PageNumber === undefined &&
      (input.Limit ?? input.Offset) !== undefined
        ? { offset: input.Offset ?? 0, limit: input.Limit ?? DEFAULT_PAGE_SIZE }
        : pageOf(input.PageNumber ?? 0, input.PageSize ?? DEFAULT_PAGE_SIZE);
    const { total, records } = await describeCallRecords(ctx.services.db, filter, page);
    const deadlineMs = ctx.services.config.connectDeadlineSeconds * 1000;
    const cdrs = records.map((r) => telCdrInfo(r, deadlineMs));
    return { TotalCount: total, TelCdrs: cdrs, TelCdrList: cdrs };
  },
});
