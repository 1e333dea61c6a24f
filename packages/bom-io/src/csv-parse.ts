/** One CSV record with the 1-based physical line it starts on (records may span lines in quotes). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180 parser: comma separator, double-quoted fields with `""` escapes, CRLF or LF line ends,
 * an optional UTF-8 byte-order mark (Excel writes one). A trailing line end adds no empty record.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let atRecordStart = true;

  while (i < text.length) {
    if (atRecordStart) {
      recordLine = line;
      fields = [];
      atRecordStart = false;
    }
    let field = '';
    if (text[i] === '"') {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length)
          throw new CsvSyntaxError(`unterminated quoted field opened on line ${openedOn}`, openedOn);
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\n') line++;
        field += ch;
        i++;
      }
      const next = text[i];
      if (i < text.length && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(`unexpected character after closing quote on line ${line}`, line);
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      field = text.slice(start, i);
    }
    fields.push(field);

    if (i >= text.length) break;
    if (text[i] === ',') {
      i++;
      // A separator at the very end still closes one more (empty) field.
      if (i >= text.length) fields.push('');
      continue;
    }
    // Line end: CRLF, LF, or a lone CR.
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    records.push({ line: recordLine, fields });
    atRecordStart = true;
  }
  if (!atRecordStart) records.push({ line: recordLine, fields });
  return records;
}

/** Quotes a field only when it must be (a leading U+FEFF too: unquoted, a reader takes it for a BOM). */
export function formatCsvField(value: string): string {
  return /^\uFEFF|[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(rows: readonly (readonly string[])[], lineEnd = '\r\n'): string {
  return rows.map((row) => row.map(formatCsvField).join(',') + lineEnd).join('');
}
