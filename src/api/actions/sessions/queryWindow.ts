import { invalidValue } from '../../../domain/campaign/invalidValue.ts';

const MAX_SPAN_SECONDS = 90 * 86_400;

/**
 * The time window of a call-record query, from two unix-second fields: the end not before the
 * start, and less than 90 days apart, as Tencent limits it. Returns it in ms, both ends included.
 */
export function queryWindow(
  startField: string,
  start: number,
  endField: string,
  end: number,
): { readonly from: number; readonly to: number } {
  if (end < start) {
    throw invalidValue(endField, {
      en: `it is before \`${startField}\`.`,
      zh: `早于 \`${startField}\`。`,
    });
  }
  if (end - start >= MAX_SPAN_SECONDS) {
    throw invalidValue(endField, {
      en: `it must be less than 90 days after \`${startField}\`.`,
      zh: `与 \`${startField}\` 的间隔必须小于 90 天。`,
    });
  }
  return { from: start * 1000, to: end * 1000 + 999 };
}
