import type { BomLineInput, ItemType, UomConversionInput } from '@shopfloor/bom-engine';

/** Shop-floor operations of the demo plant, in routing order: seq, name, workshop, work centre. */
export const OPERATIONS = {
  cut: { seq: 10, name: '开料', workshop: 'WS-CUT', workCenter: 'SAW-01' },
  edge: { seq: 20, name: '封边', workshop: 'WS-CUT', workCenter: 'EDGE-01' },
  drill: { seq: 30, name: '钻孔', workshop: 'WS-MCH', workCenter: 'DRILL-01' },
  paint: { seq: 40, name: '涂装', workshop: 'WS-PNT', workCenter: 'SPRAY-01' },
  assemble: { seq: 50, name: '组装', workshop: 'WS-ASM', workCenter: 'ASM-01' },
  pack: { seq: 60, name: '包装', workshop: 'WS-ASM', workCenter: 'PACK-01' },
} as const;
export type OperationKey = keyof typeof OPERATIONS;

/** Standard minutes per unit for each operation an item goes through. */
export type Route = Partial<Record<OperationKey, number>>;

/** Where an item is kept; decides its warehouse location and whether it is lot-tracked. */
export type StockGroup =
  | 'board'
  | 'edge'
  | 'chemical'
  | 'hardware'
  | 'chair-part'
  | 'soft'
  | 'packaging'
  | 'part'
  | 'assembly'
  | 'product'
  | 'kit';

export interface DemoItem {
  code: string;
  name: string;
  uom: string;
  type: ItemType;
  group: StockGroup;
  /** Days (purchase for buy items, production for make items). */
  leadTime: number;
  /** 元 per unit: purchase price, or own added cost (labour, overhead) of make items. */
  cost: number;
  safetyStock: number;
  abcClass: 'A' | 'B' | 'C';
  precision: number;
  route?: Route;
}

/** Units counted in whole pieces: nobody reports 1.5 wardrobes or issues half a hinge. */
export const COUNT_UNITS: ReadonlySet<string> = new Set([
  'pcs',
  'set',
  'box',
  '件',
  '套',
  '个',
  '台',
  '把',
  '张',
  '块',
  '根',
  '只',
  '箱',
]);

/** Decimals an item's quantities keep: none for counted units, 2 for lengths, areas and weights. */
export function defaultPrecision(uom: string): number {
  if (COUNT_UNITS.has(uom)) return 0;
  return ['m', 'm2', 'kg'].includes(uom) ? 2 : 6;
}

type LineExtras = Pick<BomLineInput, 'uom' | 'scrapRate' | 'setupQty' | 'effectiveFrom' | 'effectiveTo'>;

/** Collects items and lines; lines may name items declared later (checked by the engine, not here). */
export class CatalogBuilder {
  readonly items: DemoItem[] = [];
  readonly lines: BomLineInput[] = [];
  readonly conversions: UomConversionInput[] = [];
  private readonly codes = new Set<string>();

  item(item: Omit<DemoItem, 'precision'> & { precision?: number }): string {
    if (this.codes.has(item.code)) throw new Error(`demo catalog lists ${item.code} twice`);
    this.codes.add(item.code);
    const precision = item.precision ?? defaultPrecision(item.uom);
    this.items.push({ ...item, precision });
    return item.code;
  }

  line(parent: string, child: string, qty: number, extras: LineExtras = {}): void {
    this.lines.push({ parent, child, qty, ...extras });
  }

  convert(from: string, to: string, factor: number, item?: string): void {
    this.conversions.push(item === undefined ? { from, to, factor } : { from, to, factor, item });
  }

  has(code: string): boolean {
    return this.codes.has(code);
  }
}

export interface RoutingStep {
  seq: number;
  name: string;
  workshop: string;
  workCenter: string;
  standardMinutes: number;
}

/** An item's routing, in operation order (empty for bought items and kits). */
export function routingOf(item: DemoItem): RoutingStep[] {
  const route = item.route ?? {};
  return (Object.keys(OPERATIONS) as OperationKey[])
    .filter((key) => route[key] !== undefined)
    .map((key) => ({ ...OPERATIONS[key], standardMinutes: route[key]! }));
}
