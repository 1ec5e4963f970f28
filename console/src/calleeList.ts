/**
 * Reads a callee list as a person has it: numbers one per line (or separated by commas, semicolons
 * or tabs), or a CSV/TSV file whose header row names the columns. No DOM here: tests run it in Node.
 *
 * With a header, the column named Callee (or Number, Phone, Mobile, Tel) holds the number — the
 * first column when none is so named — a column named UUI the callee's UUI, and every other column
 * a call Variable named after its header. Spaces, dashes, dots and parentheses inside a number are
 * dropped ("+1 (415) 555-0123" → "+14155550123"); anything else is left as written for the API to
 * judge, so the console accepts exactly what the API accepts.
 */

export interface CalleeEntry {
  readonly callee: string;
  readonly uui?: string;
  readonly variables?: readonly { Key: string; Value: string }[];
  /** 1-based line of the file or text where the entry starts, to point at a refused number. */
  readonly line: number;
}

export interface CalleeList {
  readonly entries: readonly CalleeEntry[];
  /** The header row, when the list had one. */
  readonly header: readonly string[] | null;
}

const NUMBER_COLUMN = /^(callee|callees|number|phone|phone ?number|mobile|tel|telephone|msisdn)$/i;
const UUI_COLUMN = /^uui$/i;

export function parseCalleeList(text: string): CalleeList {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const first = records.find((r) => r.cells.some((c) => c.trim() !== ''));
  if (!first) return { entries: [], header: null };
  const hasHeader = first.cells.some((c) => /[A-Za-z]/.test(c));
  if (!hasHeader) {
    const entries: CalleeEntry[] = [];
    for (const record of records) {
      for (const cell of record.cells) {
        const callee = normalizeNumber(cell);
        if (callee !== '') entries.push({ callee, line: record.line });
      }
    }
    return { entries, header: null };
  }
  const header = first.cells.map((c) => c.trim());
  const named = header.findIndex((c) => NUMBER_COLUMN.test(c));
  const numberColumn = Math.max(named, 0);
  const uuiColumn = header.findIndex((c) => UUI_COLUMN.test(c));
  const entries: CalleeEntry[] = [];
  for (const record of records.slice(records.indexOf(first) + 1)) {
    const callee = normalizeNumber(record.cells[numberColumn] ?? '');
    if (callee === '') continue;
    const uui = uuiColumn >= 0 ? (record.cells[uuiColumn] ?? '').trim() : '';
    const variables: { Key: string; Value: string }[] = [];
    header.forEach((name, column) => {
      if (column === numberColumn || column === uuiColumn || name === '') return;
      const value = (record.cells[column] ?? '').trim();
      if (value !== '') variables.push({ Key: name, Value: value });
    });
    entries.push({
      callee,
      line: record.line,
      ...(uui !== '' ? { uui } : {}),
      ...(variables.length > 0 ? { variables } : {}),
    });
  }
  return { entries, header };
}

/** The list as CreatePredictiveDialingCampaign takes it, and the line of each callee. */
export function campaignCallees(list: CalleeList): {
  Callees: string[];
  CalleeAttributes?: { Callee: string; UUI?: string; Variables?: { Key: string; Value: string }[] }[];
  lines: number[];
  attributeLines: number[];
} {
  const attributes = list.entries.filter((e) => e.uui !== undefined || e.variables !== undefined);
  return {
    Callees: list.entries.map((e) => e.callee),
    ...(attributes.length > 0
      ? {
          CalleeAttributes: attributes.map((e) => ({
            Callee: e.callee,
            ...(e.uui !== undefined ? { UUI: e.uui } : {}),
            ...(e.variables !== undefined ? { Variables: [...e.variables] } : {}),
          })),
        }
      : {}),
    lines: list.entries.map((e) => e.line),
    attributeLines: attributes.map((e) => e.line),
  };
}

export function normalizeNumber(cell: string): string {
  const trimmed = cell.trim();
  const tidy = trimmed.replace(/[\s\-().]/g, '');
  // Only a number is tidied; anything else reaches the API as written, to be refused as written.
  return /^\+?\d+$/.test(tidy) ? tidy : trimmed;
}

interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

/** RFC 4180 records: quoted cells may hold separators, doubled quotes and line breaks. */
function csvRecords(text: string): CsvRecord[] {
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push({ cells, line: recordLine });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (separator.includes(ch)) {
      endCell();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/**
 * A file with tabs is TSV; one with semicolons but no commas is a European-style CSV; a list of
 * bare numbers may mix commas and semicolons, and a CSV uses commas.
 */
function detectSeparator(text: string): string {
  const firstLine = /^.*\S.*$/m.exec(text)?.[0] ?? '';
  if (firstLine.includes('\t')) return '\t';
  if (/[A-Za-z]/.test(firstLine)) return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  return ',;\t';
}
