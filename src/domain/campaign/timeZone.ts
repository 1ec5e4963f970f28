import { invalidValue, quoted } from './invalidValue.ts';

/**
 * An IANA zone name (`Asia/Shanghai`, `UTC`) that this runtime's ICU knows. Intl also takes offsets
 * such as `+08:00`, which are not IANA names and would silently ignore daylight saving: refused.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function validateTimeZone(name: string): string {
  if (!isIanaTimeZone(name)) {
    throw invalidValue('TimeZone', {
      en: `${quoted(name)} is not an IANA time zone name such as Asia/Shanghai.`,
      zh: `${quoted(name)} 不是 IANA 时区名称（例如 Asia/Shanghai）。`,
    });
  }
  return name;
}
