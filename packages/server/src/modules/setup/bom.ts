import type { BomDocument, BomItemInput, BomLineInput, UomConversionInput } from '@shopfloor/bom-engine';
import type { LoadedBom } from '@shopfloor/bom-io';
import { HttpProblem } from '../../http/problem.js';
import { importBomFile } from '../catalog/bom-import.js';
import { counts, firstByKey, type ImportContext } from './context.js';

type List = 'items' | 'bomLines' | 'uomConversions';

/**
 * The BOM sheets (物料, 物料清单, 单位换算) go through the BOM import of the catalog module, given
 * only what differs from the stored BOM: new and changed items, the lines of parents whose lines
 * changed, new and changed conversions. So a workbook imported twice changes nothing the second
 * time (no revision bump, no event), and the engine validates the org's whole BOM as always.
 */
export function planBom(ctx: ImportContext, stored: BomDocument) {
  const change: Required<BomDocument> = { items: [], bomLines: [], uomConversions: [] };
  const rowsOf: Record<List, number[]> = { items: [], bomLines: [], uomConversions: [] };
  const itemCounts = counts('items');
  const lineCounts = counts('bomLines');
  const conversionCounts = counts('uomConversions');

  const storedItems = new Map(stored.items.map((item) => [item.code, item]));
  for (const { row, value } of firstByKey(
    ctx,
    'items',
    ctx.records.items,
    (r) => r.value.code,
    'code',
    (r) => r.value.code,
  )) {
    const before = storedItems.get(value.code);
    if (before && !itemDiffers(before, value as BomItemInput)) {
      itemCounts.unchanged++;
      continue;
    }
    if (before) itemCounts.updated++;
    else itemCounts.created++;
    change.items.push(value as BomItemInput);
    rowsOf.items.push(row);
  }

  const storedLines = groupBy(stored.bomLines, (line) => line.parent);
  const fileLines = groupBy(ctx.records.bomLines, (r) => r.value.parent);
  for (const [parent, lines] of fileLines) {
    const before = storedLines.get(parent) ?? [];
    const keys = lines.map((r) => lineKey(r.value as BomLineInput));
    const beforeKeys = before.map(lineKey);
    if (keys.length === beforeKeys.length && keys.every((k, i) => k === beforeKeys[i])) {
      lineCounts.unchanged += lines.length;
      continue;
    }
    // Row by row: a line equal to a stored one of the same child is unchanged, another one of a
    // child the parent had is updated, a new child created; stored lines left over are removed.
    const left = new Map<string, string[]>();
    for (const line of before) left.set(line.child, [...(left.get(line.child) ?? []), lineKey(line)]);
    lines.forEach((r, i) => {
      const same = left.get(r.value.child) ?? [];
      const exact = same.indexOf(keys[i]!);
      if (exact >= 0) {
        same.splice(exact, 1);
        lineCounts.unchanged++;
      } else if (same.length > 0) {
        same.shift();
        lineCounts.updated++;
      } else lineCounts.created++;
      change.bomLines.push(r.value as BomLineInput);
      rowsOf.bomLines.push(r.row);
    });
    lineCounts.removed = (lineCounts.removed ?? 0) + [...left.values()].reduce((n, l) => n + l.length, 0);
  }

  const conversionKey = (c: { from: string; to: string; item?: string }) =>
    `${c.from}\u0000${c.to}\u0000${c.item ?? ''}`;
  const storedConversions = new Map((stored.uomConversions ?? []).map((c) => [conversionKey(c), c]));
  for (const { row, value } of firstByKey(
    ctx,
    'uomConversions',
    ctx.records.uomConversions,
    (r) => conversionKey(r.value),
    'from',
    (r) => `${r.value.from} → ${r.value.to}${r.value.item ? ` (${r.value.item})` : ''}`,
  )) {
    const before = storedConversions.get(conversionKey(value));
    if (before && before.factor === value.factor) {
      conversionCounts.unchanged++;
      continue;
    }
    if (before) conversionCounts.updated++;
    else conversionCounts.created++;
    change.uomConversions.push(value as UomConversionInput);
    rowsOf.uomConversions.push(row);
  }

  return {
    counts: [itemCounts, lineCounts, conversionCounts],
    /**
     * Runs the BOM import in the caller's transaction (the import's savepoint): its engine errors
     * become problems of their rows. Skipped when a BOM sheet already has problems of its own: the
     * engine would only repeat them as unknown items.
     */
    async write(ctx: ImportContext): Promise<void> {
      const empty = change.items.length + change.bomLines.length + change.uomConversions.length === 0;
      const ownProblems = (['items', 'bomLines', 'uomConversions'] as const).some(
        (list) => ctx.problems.in(list) > 0 || ctx.records.refused[list] > 0,
      );
      if (empty || ownProblems) return;
      const loaded: LoadedBom = {
        file: 'setup workbook',
        document: change,
        locate: (list, index) =>
          rowsOf[list][index] === undefined ? undefined : `${list} row ${rowsOf[list][index]}`,
        itemLocation: () => undefined,
      };
      try {
        await importBomFile(ctx.db, ctx.deps.services.boms, ctx.user, ctx.at, { loaded, document: change });
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status !== 400) throw error;
        for (const e of error.errors ?? [{ path: '', message: error.detail ?? error.title }]) {
          const [list, index, field] = e.path.split('.');
          const known = list === 'items' || list === 'bomLines' || list === 'uomConversions';
          const row = known && index !== undefined ? (rowsOf[list as List][Number(index)] ?? null) : null;
          ctx.problems.add(
            known ? (list as List) : 'bomLines',
            row,
            field ?? null,
            engineZh(e.message),
            e.message,
          );
        }
      }
    },
  };
}

function itemDiffers(before: BomItemInput, file: BomItemInput): boolean {
  return (
    (file.name !== undefined && file.name !== before.name) ||
    file.uom !== before.uom ||
    file.type !== before.type ||
    (file.leadTime !== undefined && file.leadTime !== (before.leadTime ?? 0)) ||
    (file.cost !== undefined && file.cost !== before.cost) ||
    (file.precision !== undefined && file.precision !== (before.precision ?? 6))
  );
}

/** A line as the BOM stores it: defaults filled in, so `scrapRate` blank and 0 are the same. */
function lineKey(line: BomLineInput): string {
  return JSON.stringify([
    line.child,
    line.qty,
    line.uom ?? null,
    line.scrapRate ?? 0,
    line.setupQty ?? 0,
    line.roundingMultiple ?? null,
    line.effectiveFrom ?? null,
    line.effectiveTo ?? null,
  ]);
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** The engine's findings in Chinese: the common ones word for word, the rest with the English. */
export function engineZh(message: string): string {
  const unknown = /unknown (parent|child) item '?([^':]+?)'?$/.exec(message);
  if (unknown) {
    return `${unknown[1] === 'parent' ? '父项' : '子项'} ${unknown[2]} 不存在：请在 物料(items) 表中添加`;
  }
  const unknownItem = /unknown item '?([^':]+?)'?$/.exec(message);
  if (unknownItem) return `物料 ${unknownItem[1]} 不存在：请在 物料(items) 表中添加`;
  const conversion = /no conversion from (\S+) to (\S+)/.exec(message);
  if (conversion) {
    return `没有从 ${conversion[1]} 到 ${conversion[2]} 的单位换算：请在 单位换算(uomConversions) 表中添加`;
  }
  const cycle = /BOM cycle (.+)$/.exec(message);
  if (cycle) return `物料清单循环引用：${cycle[1]}`;
  if (/item code is listed twice/.test(message)) return '料号重复';
  const dates = /effectiveFrom (\S+) is after effectiveTo (\S+)/.exec(message);
  if (dates) return `生效日期 ${dates[1]} 晚于失效日期 ${dates[2]}`;
  return `物料清单校验未通过：${message}`;
}
