import type { SetupData } from '@shopfloor/bom-io';
import { formatCalendar } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';
import { loadBomDocument } from '../catalog/bom-store.js';
import { loadPeople, People } from './people.js';
import { canonicalCalendar, loadPlant } from './plant.js';
import { loadRoutings } from './routings.js';

/**
 * The org's current plant data in the workbook's shape: active records only (the import never
 * reactivates), DingTalk and WeCom users only (demo users have no platform id), opening stock as
 * the sums of the opening movements. Imported back unchanged, it changes nothing.
 */
export async function exportSetupData(db: Db, orgId: string): Promise<SetupData> {
  const [plant, people, bom, routings, openings] = await Promise.all([
    loadPlant(db, orgId),
    loadPeople(db, orgId),
    loadBomDocument(db, orgId),
    loadRoutings({ db, orgId }),
    sql<{ item: string; location: string; lot: string; qty: string }>`
      select item, location, lot, sum(qty) as qty from stock_movements
      where org_id = ${orgId} and kind = 'opening'
      group by item, location, lot
      having sum(qty) <> 0
      order by item, location, lot`.execute(db),
  ]);
  const directory = new People(people);
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id === null ? null : directory.label(id, byId.get(id)));
  const active = <T extends { active: boolean }>(map: Map<string, T>) =>
    [...map].filter(([, row]) => row.active).map(([code, row]) => ({ code, ...row }));
  const precision = new Map(bom.items.map((item) => [item.code, item.precision ?? 6]));

  return {
    warehouses: active(plant.warehouses).map((w) => ({ code: w.code, name: w.name })),
    locations: active(plant.locations).map((l) => ({
      warehouse: l.warehouse,
      code: l.code,
      name: l.name || null,
      kind: l.kind,
    })),
    workshops: active(plant.workshops).map((w) => ({
      code: w.code,
      name: w.name,
      supervisor: person(w.supervisor),
    })),
    workCenters: active(plant.workCenters).map((w) => ({
      code: w.code,
      name: w.name,
      workshop: w.workshop,
      stations: w.stations,
      calendar: formatCalendar(canonicalCalendar(w.calendar), 'zh'),
    })),
    users: people
      .filter((p) => p.active && (p.platform === 'dingtalk' || p.platform === 'wecom') && p.platform_user_id)
      .map((p) => ({
        platform: p.platform,
        userId: p.platform_user_id,
        name: p.name,
        roles: p.roles,
        workshops: p.workshops,
        warehouses: p.warehouses,
        team: p.team ?? undefined,
        email: p.email ?? undefined,
      })),
    items: bom.items.map((item) => ({ ...item })),
    bomLines: bom.bomLines.map((line) => ({ ...line })),
    uomConversions: (bom.uomConversions ?? []).map((c) => ({ ...c })),
    routings: [...routings].flatMap(([item, ops]) =>
      ops.map((op) => ({
        item,
        seq: op.seq,
        name: op.name,
        workCenter: op.workCenter,
        workshop: op.workshop,
        standardMinutes: op.standardMinutes,
        setupMinutes: op.setupMinutes || null,
        owner: person(op.owner),
      })),
    ),
    openingStock: openings.rows.map((r) => ({
      item: r.item,
      location: r.location,
      lot: r.lot || null,
      qty: qty(r.qty, precision.get(r.item) ?? 6),
    })),
  };
}
