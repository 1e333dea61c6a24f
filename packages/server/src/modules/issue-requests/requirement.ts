import { BomError, type Requirement } from '@shopfloor/bom-engine';
import type { FieldError, IssueRequestLineInput } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import type { BomService } from '../catalog/bom-service.js';

export interface LineRequirement {
  /** What the work order needs of the line's item by its BOM (explosion of the WO quantity). */
  bomRequirement: number;
  /** Approved issues minus approved returns to the work order, before this request. */
  alreadyIssued: number;
}

/**
 * The BOM requirement check of an issue request for a work order. Each line may take what is
 * left of its item's requirement (earlier lines of the same request count too); a line above
 * that needs a reason, otherwise a 400 names `lines.N.reason` and the numbers.
 */
export async function checkAgainstBom(
  db: Db,
  boms: BomService,
  orgId: string,
  workOrder: { no: string; item: string; qty: number },
  date: string,
  lines: readonly IssueRequestLineInput[],
): Promise<{ perLine: LineRequirement[]; errors: FieldError[] }> {
  const required = new Map(
    (await workOrderRequirements(db, boms, orgId, workOrder, date)).map((r) => [r.item, r.qty]),
  );
  const issued = await issuedToWorkOrder(db, orgId, workOrder.no, [...new Set(lines.map((l) => l.item))]);
  const askedSoFar = new Map<string, number>();
  const errors: FieldError[] = [];
  const perLine = lines.map((line, n) => {
    const bomRequirement = required.get(line.item) ?? 0;
    const alreadyIssued = issued.get(line.item) ?? 0;
    const before = askedSoFar.get(line.item) ?? 0;
    askedSoFar.set(line.item, before + line.qty);
    const remaining = Math.max(0, bomRequirement - alreadyIssued - before);
    if (line.qty > remaining + 1e-9 && !line.reason) {
      errors.push({
        path: `lines.${n}.reason`,
        message:
          `${line.item}: requested ${line.qty} is above what work order ${workOrder.no} still needs by its BOM ` +
          `(requirement ${bomRequirement}, already issued ${alreadyIssued}${before ? `, earlier lines ${before}` : ''}, ` +
          `remaining ${round(remaining)}); give a reason`,
      });
    }
    return { bomRequirement, alreadyIssued };
  });
  return { perLine, errors };
}

/** The summarized explosion of a work order's quantity at `date`; none for an item without a BOM. */
export async function workOrderRequirements(
  db: Db,
  boms: BomService,
  orgId: string,
  workOrder: { item: string; qty: number },
  date: string,
): Promise<Requirement[]> {
  const bom = await boms.compiled(db, orgId);
  try {
    return bom.explode({ item: workOrder.item, qty: workOrder.qty, date }).requirements;
  } catch (err) {
    // An item without a BOM needs nothing: every line is then above its requirement.
    if (err instanceof BomError && err.code === 'UNKNOWN_ITEM') return [];
    throw err;
  }
}

/** Net quantity issued to a work order per item: approved and emergency (posted) issues minus approved returns. */
export async function issuedToWorkOrder(
  db: Db,
  orgId: string,
  workOrderNo: string,
  items: readonly string[],
): Promise<Map<string, number>> {
  if (items.length === 0) return new Map();
  const rows = await sql<{ item: string; net: string }>`
    select l.item,
           sum(case when r.kind = 'issue' then coalesce(l.approved_qty, l.qty) else -l.approved_qty end) as net
    from issue_requests r
    join issue_request_lines l on l.request_id = r.id
    where r.org_id = ${orgId} and r.work_order_no = ${workOrderNo}
      and r.kind in ('issue', 'return')
      and (r.status in ('approved', 'partially-approved') and l.approved_qty is not null
           or r.posted_at is not null) -- an emergency issue moved its stock when it was made
      and l.item = any(${[...items]}::text[])
    group by l.item`.execute(db);
  return new Map(rows.rows.map((r) => [r.item, Number(r.net)]));
}

const round = (n: number) => Number(n.toPrecision(12));
