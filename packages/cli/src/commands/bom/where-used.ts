import type { CompiledBom, UsedIn, WhereUsedResult } from '@shopfloor/bom-engine';
import { expectPositionals, parseCommandArgs, parseDate, requireString } from '../../args.js';
import { EXIT } from '../../errors.js';
import { formatQty } from '../../format/quantity.js';
import { type Column, renderTable } from '../../format/table.js';
import type { Command } from '../command.js';
import { itemLabel, itemName, openBom, requireItem } from './open.js';

const COMMAND = 'shopfloor bom where-used';

const HELP = `Usage: ${COMMAND} <file> --item <code> [options]

Every item that uses <item> at any depth, with the quantity of <item> per one unit of it
(summed over all paths), whether it uses it directly, whether it is an end item, and whether it
is a phantom assembly (虚拟件: listed, never stocked or planned).

Options:
  --item <code>   The component to trace (料号)
  --date <date>   Effectivity date YYYY-MM-DD (default: today in Asia/Shanghai)
  --json          JSON: { item, date, usedIn }
  -h, --help      Show this help
`;

export const whereUsedCommand: Command = {
  name: 'where-used',
  summary: 'Every parent of an item at any depth, with cumulative quantity per',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { item: { type: 'string' }, date: { type: 'string' }, json: { type: 'boolean' } },
      COMMAND,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [file] = expectPositionals(positionals, ['file'], COMMAND);
    const item = requireString(values, 'item', COMMAND);
    const date = typeof values.date === 'string' ? parseDate('date', values.date) : undefined;

    const opened = await openBom(file);
    requireItem(opened, item);
    const result = opened.bom.whereUsed({ item, date });
    context.out.write(
      values.json ? `${JSON.stringify(result, null, 2)}\n` : whereUsedText(opened.bom, result),
    );
    return EXIT.ok;
  },
};

function whereUsedText(bom: CompiledBom, result: WhereUsedResult): string {
  const { uom } = bom.itemInfo(result.item);
  const count = result.usedIn.length;
  const label = itemLabel(bom, result.item);
  if (count === 0) return `${label} is used in no item effective ${result.date}\n`;
  const title = `${label} is used in ${count} ${count === 1 ? 'item' : 'items'}, effective ${result.date} (qty per: ${uom} of ${result.item} per one unit of the item)\n`;
  const columns: Column<UsedIn>[] = [
    { header: 'Item 料号', value: (u) => u.item },
    { header: 'Name 名称', value: (u) => itemName(bom, u.item) },
    { header: 'Qty per 单耗', align: 'right', value: (u) => formatQty(u.qtyPer) },
    { header: 'Direct 直接', value: (u) => (u.direct ? 'yes' : 'no') },
    { header: 'End item 成品', value: (u) => (u.endItem ? 'yes' : 'no') },
    // A phantom is listed so every BOM holding the part shows; it is never stocked or planned.
    { header: 'Phantom 虚拟件', value: (u) => (u.phantom ? 'yes' : 'no') },
  ];
  return title + renderTable(columns, result.usedIn);
}
