import { type BomDiff, type BomItemInput, type BomLineInput, diff } from '@shopfloor/bom-engine';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT } from '../../errors.js';
import { type LoadedBom, loadBomFile } from '../../load/index.js';
import type { Command } from '../command.js';

const COMMAND = 'shopfloor bom diff';

const HELP = `Usage: ${COMMAND} <before> <after> [--json]

Engineering change report (工程变更): items and BOM lines added (+), removed (-) and changed (~)
from <before> to <after>, each changed field as before → after. The two files may be in
different formats. Items match by code; lines by parent, child and effectiveFrom.

Exit status: 0 whether or not the files differ, 2 when a file cannot be read.

Options:
  --json       JSON: { items, lines, summary } as the engine's diff() returns it
  -h, --help   Show this help
`;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Engineering change report between two BOM files',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, COMMAND);
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [beforePath, afterPath] = expectPositionals(positionals, ['before', 'after'], COMMAND);
    const before = await loadBomFile(beforePath);
    const after = await loadBomFile(afterPath);
    const changes = diff(before.document, after.document);
    context.out.write(
      values.json ? `${JSON.stringify(changes, null, 2)}\n` : diffText(before, after, changes),
    );
    return EXIT.ok;
  },
};

function diffText(before: LoadedBom, after: LoadedBom, changes: BomDiff): string {
  const { items, lines, summary } = changes;
  const wasItem = locator(before, 'before', 'items');
  const isItem = locator(after, 'after', 'items');
  const wasLine = locator(before, 'before', 'bomLines');
  const isLine = locator(after, 'after', 'bomLines');
  const out = [`Engineering change ${before.file} → ${after.file}`];
  out.push(
    `Items: ${summary.itemsAdded} added, ${summary.itemsRemoved} removed, ${summary.itemsChanged} changed`,
  );
  for (const item of items.added) out.push(`  + ${describeItem(item)}${isItem(item)}`);
  for (const item of items.removed) out.push(`  - ${describeItem(item)}${wasItem(item)}`);
  for (const change of items.changed) {
    out.push(
      `  ~ ${change.code}: ${describeFields(change.before, change.after, change.fields)}${isItem(change.after)}`,
    );
  }
  out.push(
    `BOM lines: ${summary.linesAdded} added, ${summary.linesRemoved} removed, ${summary.linesChanged} changed`,
  );
  for (const line of lines.added) out.push(`  + ${describeLine(line)}${isLine(line)}`);
  for (const line of lines.removed) out.push(`  - ${describeLine(line)}${wasLine(line)}`);
  for (const change of lines.changed) {
    const fields = describeFields(change.before, change.after, change.fields);
    out.push(`  ~ ${change.parent} > ${change.child}: ${fields}${isLine(change.after)}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * ` (after: sheet BOM row 5)`, ` (before: bomLines[3])` for a record of one file. The engine's
 * diff hands back the documents' own record objects, so identity finds their index.
 */
function locator(
  bom: LoadedBom,
  side: 'before' | 'after',
  list: 'items' | 'bomLines',
): (record: object) => string {
  const indexes = new Map<object, number>(bom.document[list].map((record, index) => [record, index]));
  return (record) => {
    const index = indexes.get(record);
    if (index === undefined) return '';
    return ` (${side}: ${bom.locate(list, index) ?? `${list}[${index}]`})`;
  };
}

function describeItem(item: BomItemInput): string {
  const rest = Object.entries(item).filter(([field]) => field !== 'code' && field !== 'name');
  return `${item.code}${item.name ? ` ${item.name}` : ''}: ${rest.map(([field, value]) => `${field} ${show(field, value)}`).join(', ')}`;
}

function describeLine(line: BomLineInput): string {
  const rest = Object.entries(line).filter(([field]) => field !== 'parent' && field !== 'child');
  return `${line.parent} > ${line.child}: ${rest.map(([field, value]) => `${field} ${show(field, value)}`).join(', ')}`;
}

function describeFields(before: object, after: object, fields: string[]): string {
  const value = (record: object, field: string) => show(field, (record as Record<string, unknown>)[field]);
  return fields.map((field) => `${field} ${value(before, field)} → ${value(after, field)}`).join('; ');
}

/** How an absent field reads: its default, as the engine's diff compares it. */
const ABSENT: Record<string, string> = {
  leadTime: '0',
  precision: '6',
  scrapRate: '0',
  setupQty: '0',
  effectiveFrom: 'open',
  effectiveTo: 'open',
  uom: "(child's unit)",
};

function show(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return ABSENT[field] ?? '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
