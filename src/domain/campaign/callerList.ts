import { normaliseCallerNumber } from './calleeNumber.ts';
import { invalidValue, quoted } from './invalidValue.ts';

/** DescribeNumbers' state of a number in service; 2, 4 and 5 are the disabled ones. */
export const NUMBER_STATE_NORMAL = 1;

/**
 * The caller numbers of a campaign, each once, as the application's number list spells them.
 * Each must be a number the application owns and has in service (`owned`: number → state).
 */
export function validateCallers(raw: readonly string[], owned: ReadonlyMap<string, number>): string[] {
  const callers: string[] = [];
  for (let index = 0; index < raw.length; index++) {
    const given = raw[index]!;
    const number = normaliseCallerNumber(given);
    const state = owned.get(number);
    const field = `Callers.${index}`;
    if (state === undefined) {
      throw invalidValue(field, {
        en: `${quoted(given)} is not a number of this application.`,
        zh: `${quoted(given)} 不是本应用的号码。`,
      });
    }
    if (state !== NUMBER_STATE_NORMAL) {
      throw invalidValue(field, {
        en: `the number ${quoted(given)} is not in service (state ${state}).`,
        zh: `号码 ${quoted(given)} 未启用（状态 ${state}）。`,
      });
    }
    if (!callers.includes(number)) callers.push(number);
  }
  return callers;
}
