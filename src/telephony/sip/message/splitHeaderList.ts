/**
 * Splits a list header value (`Via: a, b` or `Contact: <sip:x>, "Smith, J" <sip:y>`) at its
 * top-level commas: never inside a quoted string or angle brackets, where commas are legal.
 */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  let inAngles = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === '<') inAngles = true;
    else if (c === '>') inAngles = false;
    else if (c === ',' && !inAngles) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}
