/** What people write inside a phone number for readability: spaces, dashes, dots, parentheses. */
const SEPARATORS = /[\s\-.()]/g;
/** E.164: `+`, then the country code and number, at most 15 digits. */
const E164 = /^\+\d{1,15}$/;
/**
 * A number without country code, as dialed inside its country. Short codes have 3 digits; with an
 * international access prefix (`00…`) a full number stays under 20.
 */
const NATIONAL = /^\d{3,20}$/;

/** The number with separators removed, or undefined when it is neither E.164 nor national. */
export function normaliseCalleeNumber(raw: string): string | undefined {
  const number = raw.replace(SEPARATORS, '');
  return E164.test(number) || NATIONAL.test(number) ? number : undefined;
}

/** A caller number as the application's number list spells it, separators aside. */
export function normaliseCallerNumber(raw: string): string {
  return raw.replace(SEPARATORS, '');
}
