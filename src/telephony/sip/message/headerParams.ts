/**
 * The `;name=value;flag` parameters that follow a Via, a name-addr or a URI (RFC 3261 §25.1
 * generic-param). Names compare case-insensitively, so they are kept in lower case; a flag without
 * a value maps to null. Quoted values keep their quotes (they are copied, rarely read).
 */
export type HeaderParams = ReadonlyMap<string, string | null>;

/** Parses `;a=1;b;c="x;y"` (leading semicolon optional). */
export function parseHeaderParams(text: string): Map<string, string | null> {
  const params = new Map<string, string | null>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ';' || text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) break;
    let end = i;
    let inQuotes = false;
    while (end < text.length) {
      const c = text[end];
      if (inQuotes) {
        if (c === '\\') end++;
        else if (c === '"') inQuotes = false;
      } else if (c === '"') inQuotes = true;
      else if (c === ';') break;
      end++;
    }
    const param = text.slice(i, end).trim();
    const eq = param.indexOf('=');
    if (eq < 0) params.set(param.toLowerCase(), null);
    else params.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim());
    i = end;
  }
  return params;
}

/** Serializes parameters as `;a=1;b`, in insertion order. */
export function formatHeaderParams(params: HeaderParams): string {
  let text = '';
  for (const [name, value] of params) text += value === null ? `;${name}` : `;${name}=${value}`;
  return text;
}
