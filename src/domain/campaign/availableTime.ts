import { invalidValue, quoted } from './invalidValue.ts';

/** A daily window in which calls may be placed, in the campaign's time zone (Tencent's `TimeRange`). */
export interface TimeRange {
  readonly StartTime: string;
  readonly EndTime: string;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** Seconds since midnight of an `HH:MM:SS` time, or undefined when it is not one. */
export function secondsOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Every window must be two valid `HH:MM:SS` times, the start before the end. */
export function validateAvailableTime(ranges: readonly TimeRange[]): TimeRange[] {
  return ranges.map((range, index) => {
    const field = `AvailableTime.${index}`;
    const start = timeOf(range.StartTime, `${field}.StartTime`);
    const end = timeOf(range.EndTime, `${field}.EndTime`);
    if (start >= end) {
      throw invalidValue(`${field}.EndTime`, {
        en: `${range.EndTime} is not after StartTime ${range.StartTime}.`,
        zh: `${range.EndTime} 不晚于开始时间 StartTime ${range.StartTime}。`,
      });
    }
    return { StartTime: range.StartTime, EndTime: range.EndTime };
  });
}

function timeOf(text: string, field: string): number {
  const seconds = secondsOfDay(text);
  if (seconds === undefined) {
    throw invalidValue(field, {
      en: `${quoted(text)} is not a time of day as HH:MM:SS (00:00:00 to 23:59:59).`,
      zh: `${quoted(text)} 不是 HH:MM:SS 格式的时刻（00:00:00 至 23:59:59）。`,
    });
  }
  return seconds;
}
