import {
  type CompiledBom,
  type ExplosionResult,
  type Requirement,
  type TreeRow,
  todayInShanghai,
} from '@shopfloor/bom-engine';
import {
  expectPositionals,
  parseCommandArgs,
  parseDate,
  parsePositiveInteger,
  parsePositiveNumber,
  requireString,
} from '../../args.js';
import { EXIT, UsageError } from '../../errors.js';
import { formatQty } from '../../format/quantity.js';
import { type Column, displayWidth, renderTable, StreamingTable } from '../../format/table.js';
import type { Command, CommandContext } from '../command.js';
import { itemLabel, itemName, openBom, requireItem } from './open.js';

const COMMAND = 'shopfloor bom explode';

const HELP = `Usage: ${COMMAND} <file> --item <code> --qty <n> [options]

Gross requirements of every component at every level for <qty> of <item>
(phantoms pass through and are not listed), or the indented structure with --tree.

Options:
  --item <code>      The item to explode (料号)
  --qty <n>          How many units of it (a positive number)
  --date <date>      Effectivity date YYYY-MM-DD (default: today in Asia/Shanghai)
  --tree             Indented multi-level structure, one row per BOM path, streamed
  --max-depth <n>    With --tree: stop below this level (1 = direct components)
  --json             JSON: { item, qty, date, requirements } (with --tree: one JSON row per line)
  -h, --help         Show this help

<file>: a .json, .xlsx or .csv BOM, or a folder of CSV files (see docs/bom-format.md).
`;

export const explodeCommand: Command = {
  name: 'explode',
  summary: 'Gross requirements (summary or --tree) for a quantity of an item',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        item: { type: 'string' },
        qty: { type: 'string' },
        date: { type: 'string' },
        tree: { type: 'boolean' },
        'max-depth': { type: 'string' },
        json: { type: 'boolean' },
      },
      COMMAND,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [file] = expectPositionals(positionals, ['file'], COMMAND);
    const item = requireString(values, 'item', COMMAND);
    const qty = parsePositiveNumber('qty', requireString(values, 'qty', COMMAND));
    const date = typeof values.date === 'string' ? parseDate('date', values.date) : undefined;
    const maxDepthText = values['max-depth'];
    if (typeof maxDepthText === 'string' && !values.tree)
      throw new UsageError('--max-depth needs --tree', COMMAND);
    const maxDepth =
      typeof maxDepthText === 'string' ? parsePositiveInteger('max-depth', maxDepthText) : undefined;

    const opened = await openBom(file);
    requireItem(opened, item);
    const { bom } = opened;
    if (values.tree) {
      await writeTree(context, bom, { item, qty, date, maxDepth }, values.json === true);
    } else {
      const result = bom.explode({ item, qty, date });
      context.out.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : summaryText(bom, result));
    }
    return EXIT.ok;
  },
};

function summaryText(bom: CompiledBom, result: ExplosionResult): string {
  const { uom } = bom.itemInfo(result.item);
  const count = result.requirements.length;
  const title = `${itemLabel(bom, result.item)} × ${formatQty(result.qty)} ${uom}, effective ${result.date}: ${count} ${count === 1 ? 'component' : 'components'}\n`;
  if (count === 0) return title;
  const columns: Column<Requirement>[] = [
    { header: 'Item 料号', value: (r) => r.item },
    { header: 'Name 名称', value: (r) => itemName(bom, r.item) },
    { header: 'Qty 数量', align: 'right', value: (r) => formatQty(r.qty) },
    { header: 'UoM 单位', value: (r) => r.uom },
    { header: 'Type 类型', value: (r) => r.type },
    { header: 'LLC 低层码', align: 'right', value: (r) => String(r.lowLevelCode) },
  ];
  return title + renderTable(columns, result.requirements);
}

interface TreeQuery {
  item: string;
  qty: number;
  date?: string;
  maxDepth?: number;
}

/** Streams rows as the engine produces them: constant memory, stops quietly when the reader leaves. */
async function writeTree(
  context: CommandContext,
  bom: CompiledBom,
  query: TreeQuery,
  json: boolean,
): Promise<void> {
  const { out } = context;
  let format: (row: TreeRow) => string;
  if (json) {
    format = (row) => `${JSON.stringify(row)}\n`;
  } else {
    const table = treeTable(bom, query.maxDepth);
    const { uom } = bom.itemInfo(query.item);
    const date = query.date ?? todayInShanghai();
    out.write(
      `${itemLabel(bom, query.item)} × ${formatQty(query.qty)} ${uom}, effective ${date}\n${table.header()}`,
    );
    format = (row) => table.row(row);
  }
  for (const row of bom.explodeTree(query)) {
    const pending = out.write(format(row));
    if (pending) await pending;
    if (out.closed) break;
  }
}

/**
 * Column widths come from the item catalog, not the rows, so nothing is buffered.
 * The name goes last: a long name then never pushes other columns out of line.
 */
function treeTable(bom: CompiledBom, maxDepth: number | undefined): StreamingTable<TreeRow> {
  let codeWidth = 0;
  let uomWidth = 0;
  let deepest = 1;
  for (const info of bom.items()) {
    codeWidth = Math.max(codeWidth, displayWidth(info.code));
    uomWidth = Math.max(uomWidth, displayWidth(info.uom));
    deepest = Math.max(deepest, info.lowLevelCode);
  }
  const depth = Math.min(deepest, maxDepth ?? deepest);
  const columns: Column<TreeRow>[] = [
    { header: 'Level 层级', value: (row) => levelMarker(row.level) },
    { header: 'Item 料号', value: (row) => row.item },
    { header: 'Qty 数量', align: 'right', value: (row) => formatQty(row.qty) },
    { header: 'UoM 单位', value: (row) => row.uom },
    { header: 'Type 类型', value: (row) => row.type },
    { header: 'Name 名称', value: (row) => itemName(bom, row.item) },
  ];
  return new StreamingTable(columns, [levelMarker(depth).length, codeWidth, 12, uomWidth, 7, 0]);
}

/** SAP-style level marker: `.1`, `..2`, `...3`. */
export function levelMarker(level: number): string {
  return `${'.'.repeat(level)}${level}`;
}
