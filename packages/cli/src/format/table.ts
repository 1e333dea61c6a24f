import stringWidth from 'string-width';

/** Columns are aligned by display width: a Chinese character takes two terminal cells. */
export interface Column<Row> {
  header: string;
  align?: 'left' | 'right';
  value(row: Row): string;
}

const GAP = '  ';

/** Table cells are one line: control characters (a newline inside a quoted CSV name) become spaces. */
export function cellText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** string-width walks grapheme clusters; printable ASCII (most codes and numbers) is one cell each. */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders one row with fixed widths; a cell wider than its column pushes the rest right. */
export function formatRow(
  cells: readonly string[],
  widths: readonly number[],
  aligns: readonly ('left' | 'right')[],
): string {
  const last = cells.length - 1;
  return cells
    .map((cell, i) => (i === last && aligns[i] !== 'right' ? cell : pad(cell, widths[i], aligns[i])))
    .join(GAP);
}

/** Header, a rule, then the rows, every column as wide as its widest cell. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): string {
  const body = [...rows].map((row) => columns.map((column) => cellText(column.value(row))));
  const headers = columns.map((column) => column.header);
  const widths = headers.map(displayWidth);
  for (const cells of body) {
    cells.forEach((cell, i) => {
      widths[i] = Math.max(widths[i], displayWidth(cell));
    });
  }
  const aligns = columns.map((column) => column.align ?? 'left');
  const lines = [
    formatRow(headers, widths, aligns),
    rule(widths),
    ...body.map((cells) => formatRow(cells, widths, aligns)),
  ];
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

export function rule(widths: readonly number[]): string {
  return widths.map((width) => '-'.repeat(width)).join(GAP);
}

/**
 * For output too long to hold in memory: widths are decided up front (from the item catalog),
 * rows are formatted one at a time.
 */
export class StreamingTable<Row> {
  private readonly aligns: ('left' | 'right')[];
  private readonly widths: number[];

  /** `minWidths`: the expected widest cell of each column; headers widen them where needed. */
  constructor(
    private readonly columns: readonly Column<Row>[],
    minWidths: readonly number[],
  ) {
    this.aligns = columns.map((column) => column.align ?? 'left');
    this.widths = columns.map((column, i) => Math.max(minWidths[i] ?? 0, displayWidth(column.header)));
  }

  header(): string {
    const headers = this.columns.map((column) => column.header);
    return `${formatRow(headers, this.widths, this.aligns).trimEnd()}\n${rule(this.widths)}\n`;
  }

  row(row: Row): string {
    const cells = this.columns.map((column) => cellText(column.value(row)));
    return `${formatRow(cells, this.widths, this.aligns).trimEnd()}\n`;
  }
}
