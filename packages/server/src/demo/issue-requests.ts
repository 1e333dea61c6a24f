import { randomUUID } from 'node:crypto';
import { type CompiledBom, roundQty } from '@shopfloor/bom-engine';
import type { Insertable } from 'kysely';
import type { Database, IssueStatus } from '../db/schema.js';
import type { MovementInput } from '../modules/stock/ledger.js';
import { dateShanghai } from '../shared/time.js';
import type { DemoCalendar } from './calendar.js';

interface RequestPlan {
  workOrder: string;
  requester: string;
  status: IssueStatus;
  /** Items to request; `extra` is asked beyond the BOM requirement, with a reason. */
  lines: { item: string; extra?: number; reason?: string }[];
  decision?: { approver: string; comment: string };
}

export interface DemoIssueRequests {
  requests: Insertable<Database['issue_requests']>[];
  lines: Insertable<Database['issue_request_lines']>[];
  approvals: Insertable<Database['approvals']>[];
  /** Ledger postings of the approved requests, in the order they were approved. */
  postings: { requestId: string; actor: string; movements: MovementInput[] }[];
}

export interface WorkOrderRef {
  no: string;
  item: string;
  qty: number;
}

/**
 * Two requests waiting for 赵主管, one approved (its stock already issued) and one rejected.
 * Requested quantities come from the work order's BOM explosion, as the server will check them.
 */
export function planIssueRequests(
  orgId: string,
  bom: CompiledBom,
  cal: DemoCalendar,
  workOrders: { released: WorkOrderRef[]; running: WorkOrderRef[] },
  place: (item: string) => { location: string; lot: string },
): DemoIssueRequests {
  const [desk, nightstand] = workOrders.released;
  const [wardrobe, overdueTables] = workOrders.running;
  const plans: RequestPlan[] = [
    {
      workOrder: desk!.no,
      requester: 'demo-operator',
      status: 'pending',
      lines: [{ item: 'HW-CAM' }, { item: 'HW-FOOT-ADJ' }, { item: 'PK-BOX-DK' }],
    },
    {
      workOrder: nightstand!.no,
      requester: 'demo-operator',
      status: 'pending',
      lines: [
        { item: 'HW-SLIDE-350' },
        { item: 'HW-HANDLE-96' },
        { item: 'PK-BOX-NS', extra: 2, reason: '纸箱运输破损，备用2个' },
      ],
    },
    {
      workOrder: wardrobe!.no,
      requester: 'demo-operator-2',
      status: 'approved',
      lines: [{ item: 'RM-MDF18' }, { item: 'EB-PVC-2x22-OAK' }, { item: 'CM-GLUE-HM' }],
      decision: { approver: 'demo-approver', comment: '同意，按BOM用量发料' },
    },
    {
      workOrder: overdueTables!.no,
      requester: 'demo-operator-2',
      status: 'rejected',
      lines: [{ item: 'RM-OAK-FJ25', extra: 8, reason: '桌面开裂补料' }],
      decision: { approver: 'demo-approver', comment: '超出BOM用量：请先办理报损，再补料' },
    },
  ];
  const byNo = new Map([...workOrders.released, ...workOrders.running].map((w) => [w.no, w]));
  const out: DemoIssueRequests = { requests: [], lines: [], approvals: [], postings: [] };
  plans.forEach((plan, index) => {
    const wo = byNo.get(plan.workOrder)!;
    const requirements = bom.explode({ item: wo.item, qty: wo.qty, date: cal.today }).requirements;
    const id = randomUUID();
    const createdAt = cal.hoursAgo(30 - index * 6);
    const decidedAt = plan.decision ? cal.hoursAgo(26 - index * 6) : null;
    out.requests.push({
      id,
      org_id: orgId,
      // the server's own format (nextDocumentNo); seed.ts moves the sequence past these
      no: `IR-${dateShanghai(createdAt).replaceAll('-', '')}-${String(index + 1).padStart(6, '0')}`,
      kind: 'issue',
      work_order_no: wo.no,
      warehouse: 'WH-RM',
      requester: plan.requester,
      status: plan.status,
      comment: plan.decision?.comment ?? null,
      created_at: createdAt,
      decided_at: decidedAt,
    });
    const movements: MovementInput[] = [];
    plan.lines.forEach((line, lineNo) => {
      const required = requirements.find((r) => r.item === line.item);
      if (!required) throw new Error(`demo issue request: ${wo.item} does not use ${line.item}`);
      const qty = roundQty(required.qty + (line.extra ?? 0), 6);
      const { location, lot } = place(line.item);
      const approved = plan.status === 'approved' ? qty : null;
      out.lines.push({
        org_id: orgId,
        request_id: id,
        line_no: lineNo,
        item: line.item,
        qty,
        lot,
        location,
        reason: line.reason ?? null,
        bom_requirement: required.qty,
        approved_qty: approved,
      });
      if (approved !== null)
        movements.push({ kind: 'issue', item: line.item, location, lot, qty: -approved });
    });
    if (plan.decision) {
      out.approvals.push({
        id: randomUUID(),
        org_id: orgId,
        request_id: id,
        approver: plan.decision.approver,
        at: decidedAt!,
        decision: plan.status === 'approved' ? 'approved' : 'rejected',
        comment: plan.decision.comment,
        lines: JSON.stringify(
          out.lines
            .filter((l) => l.request_id === id && l.approved_qty !== null)
            .map((l) => ({ lineNo: l.line_no, approvedQty: Number(l.approved_qty) })),
        ),
      });
    }
    if (movements.length > 0) out.postings.push({ requestId: id, actor: plan.decision!.approver, movements });
  });
  return out;
}
