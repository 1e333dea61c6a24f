import type { CompiledBom } from '@shopfloor/bom-engine';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DemoCalendar } from './calendar.js';

type EdgeRow = Insertable<Database['genealogy_edges']>;
type LotRow = Insertable<Database['lots']>;
type ReportRow = Insertable<Database['operation_reports']>;

export interface FinishedOrder {
  no: string;
  item: string;
  qty: number;
  lot: string;
}

export interface DemoGenealogy {
  lots: LotRow[];
  edges: EdgeRow[];
  /** Finished lots still in the warehouse, with what is left of them. */
  stock: { item: string; lot: string; qty: number }[];
}

/** The retailer the first tables went to: a forward trace of a board lot ends at a customer. */
export const DEMO_CUSTOMER = '红星美凯龙 上海真北店';

/**
 * Lot genealogy of the finished work orders: material lots into a lacquered-top WIP lot and the
 * finished lots, shared paint and screw lots across products, and one shipment to a customer.
 */
export function planGenealogy(
  orgId: string,
  bom: CompiledBom,
  cal: DemoCalendar,
  finished: FinishedOrder[],
  reports: ReportRow[],
  materialLot: (item: string, which: 'older' | 'newer') => string,
): DemoGenealogy {
  const lots: LotRow[] = [];
  const edges: EdgeRow[] = [];
  const stock: DemoGenealogy['stock'] = [];
  const need = (item: string, qty: number, component: string) => {
    const found = bom.explode({ item, qty, date: cal.today }).requirements.find((r) => r.item === component);
    if (!found) throw new Error(`demo genealogy: ${item} does not use ${component}`);
    return found.qty;
  };
  // Lacquered tops come out of the paint operation (40); finished lots out of the last report.
  const reportOf = (no: string, seq?: number) =>
    reports.filter((r) => r.work_order_no === no && (seq === undefined || r.seq === seq)).at(-1)?.id ?? null;
  const origin = (reportId: string | null) =>
    reportId ? { origin_type: 'operation-report', origin_id: reportId } : {};
  const edge = (from: string, to: string, qty: number, reportId: string | null, at: Date) =>
    edges.push({ org_id: orgId, from_lot: from, to_lot: to, qty, report_id: reportId, at });

  for (const order of finished) {
    const at = cal.hoursAgo(24);
    const report = reportOf(order.no);
    lots.push({
      org_id: orgId,
      code: order.lot,
      item: order.item,
      kind: 'finished',
      qty: order.qty,
      created_at: at,
      ...origin(report),
    });
    if (order.item === 'FG-DT160') {
      // The lacquered tops are a WIP lot of their own: boards and lacquer went into them.
      const tops = `PT-TOP160-${cal.stamp(-8)}`;
      const topReport = reportOf(order.no, 40);
      lots.push({
        org_id: orgId,
        code: tops,
        item: 'PT-TOP160',
        kind: 'wip',
        qty: order.qty,
        created_at: cal.at(-8, '16:00'),
        ...origin(topReport),
      });
      for (const [component, which] of [
        ['RM-OAK-FJ25', 'older'],
        ['CM-PU-PRIMER', 'older'],
        ['CM-PU-TOP', 'newer'],
      ] as const) {
        edge(
          materialLot(component, which),
          tops,
          need('PT-TOP160', order.qty, component),
          topReport,
          cal.at(-8, '16:00'),
        );
      }
      edge(tops, order.lot, order.qty, report, at);
      edge(
        materialLot('RM-OAK-SQ60', 'older'),
        order.lot,
        need(order.item, order.qty, 'RM-OAK-SQ60'),
        report,
        at,
      );
      const shipped = Math.round(order.qty * 0.6);
      const delivery = `SO-${cal.stamp(-1)}-001`;
      lots.push({
        org_id: orgId,
        code: delivery,
        item: order.item,
        kind: 'customer',
        customer: DEMO_CUSTOMER,
        qty: shipped,
        created_at: at,
      });
      edges.push({ org_id: orgId, from_lot: order.lot, to_lot: delivery, qty: shipped, kind: 'ship', at });
      stock.push({ item: order.item, lot: order.lot, qty: order.qty - shipped });
    } else {
      for (const [component, which] of [
        ['RM-OAK-SQ40', 'older'],
        ['RM-OAK-FJ18', 'older'],
        ['CM-PU-TOP', 'newer'],
      ] as const) {
        edge(materialLot(component, which), order.lot, need(order.item, order.qty, component), report, at);
      }
      stock.push({ item: order.item, lot: order.lot, qty: order.qty });
    }
    // The same screw lot goes into every product: a recall of it reaches both.
    edge(
      materialLot('HW-SCREW-M6-30', 'older'),
      order.lot,
      need(order.item, order.qty, 'HW-SCREW-M6-30'),
      report,
      at,
    );
  }
  return { lots, edges, stock };
}
