import { ErrorCode } from '../errorCodes.ts';
import { Failure } from '../failure.ts';

/** Per-application limits when the application sets none. */
export const DEFAULT_MAX_CALLEES_PER_CAMPAIGN = 1_000_000;
export const DEFAULT_MAX_LIVE_CAMPAIGNS = 100;

export function requireCalleeCountWithin(count: number, max: number | null): void {
  const limit = max ?? DEFAULT_MAX_CALLEES_PER_CAMPAIGN;
  if (count > limit) {
    throw new Failure(ErrorCode.LimitExceededOutOfCountLimit, {
      en: `\`Callees\` holds ${count} distinct numbers; this application allows at most ${limit} per campaign.`,
      zh: `\`Callees\` 含 ${count} 个不同号码，本应用每个任务最多 ${limit} 个。`,
    });
  }
}

/** `live`: the application's campaigns not yet ended nor deleted, before this one is added. */
export function requireRoomForCampaign(live: number, max: number | null): void {
  const limit = max ?? DEFAULT_MAX_LIVE_CAMPAIGNS;
  if (live >= limit) {
    throw new Failure(ErrorCode.LimitExceededOutOfCountLimit, {
      en: `This application already has ${live} ready, running or paused campaigns; the limit is ${limit}. Abort or delete one first.`,
      zh: `本应用已有 ${live} 个待开始、进行中或已暂停的任务，上限为 ${limit}。请先终止或删除任务。`,
    });
  }
}
