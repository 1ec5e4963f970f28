import { normaliseCalleeNumber } from './calleeNumber.ts';
import { invalidValue, quoted } from './invalidValue.ts';

/**
 * The callees to dial: normalised, each once, in the order first given. A number that is not a
 * phone number is refused naming its position in the submitted list (`Callees.3`).
 */
export function normaliseCallees(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const numbers: string[] = [];
  for (let index = 0; index < raw.length; index++) {
    const given = raw[index]!;
    const number = normaliseCalleeNumber(given);
    if (number === undefined) {
      throw invalidValue(`Callees.${index}`, {
        en: `${quoted(given)} is not a phone number (E.164 such as +8613012345678, or a national number).`,
        zh: `${quoted(given)} 不是有效的电话号码（E.164 格式如 +8613012345678，或不带国家码的号码）。`,
      });
    }
    if (!seen.has(number)) {
      seen.add(number);
      numbers.push(number);
    }
  }
  return numbers;
}
