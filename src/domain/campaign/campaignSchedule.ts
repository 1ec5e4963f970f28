import { invalidValue } from './invalidValue.ts';

/**
 * StartTime before EndTime, and EndTime still ahead of the business clock (`nowMs`): a campaign
 * that has already ended could never dial. A StartTime in the past is fine: it starts at once.
 * `checkEndInFuture` is off when an update leaves the stored EndTime as it is.
 */
export function validateSchedule(
  startTimeS: number,
  endTimeS: number,
  nowMs: number,
  checkEndInFuture = true,
): void {
  if (startTimeS >= endTimeS) {
    throw invalidValue('EndTime', {
      en: `${endTimeS} is not after StartTime ${startTimeS}.`,
      zh: `${endTimeS} 不晚于开始时间 StartTime ${startTimeS}。`,
    });
  }
  const nowS = Math.floor(nowMs / 1000);
  if (checkEndInFuture && endTimeS <= nowS) {
    throw invalidValue('EndTime', {
      en: `${endTimeS} is in the past (now is ${nowS}).`,
      zh: `${endTimeS} 已经过去（当前时间为 ${nowS}）。`,
    });
  }
}
