import * as z from 'zod/mini';
import {
  code,
  described,
  Id,
  IsoDateTime,
  int,
  NonNegativeQuantity,
  named,
  PositiveQuantity,
  pageQueryFields,
  Quantity,
  text,
  WorkOrderNo,
} from './common.js';

export const IssueRequestStatus = z.enum([
  'draft',
  'pending',
  'approved',
  'partially-approved',
  'rejected',
  'cancelled',
]);
export type IssueRequestStatus = z.infer<typeof IssueRequestStatus>;

export const IssueRequestKind = described(
  z.enum(['issue', 'return', 'scrap']),
  'issue: 领料 from the warehouse; return: 退料 back to it; scrap: 报损',
);
export type IssueRequestKind = z.infer<typeof IssueRequestKind>;

const lineFields = {
  item: code(),
  qty: described(PositiveQuantity, 'Requested quantity in the item unit'),
  lot: z.optional(code(64)),
  location: z.optional(
    described(code(32), 'Storage location in the warehouse the material leaves from (or returns to)'),
  ),
  reason: z.optional(described(text(200), 'Why more than the BOM requirement is needed (required then)')),
};

export const IssueRequestLineInput = z.object(lineFields);
export type IssueRequestLineInput = z.infer<typeof IssueRequestLineInput>;

/** A requested line; `line` is its index, which approvals refer to. */
export const IssueRequestLine = z.object({
  line: int(0),
  ...lineFields,
  approvedQty: z.optional(described(NonNegativeQuantity, 'Set once approved (may be less than requested)')),
  bomRequirement: z.optional(
    described(
      NonNegativeQuantity,
      'What the work order needs of the item by its BOM, when a work order is named',
    ),
  ),
  alreadyIssued: z.optional(
    described(Quantity, 'Issued to the work order before this request (approved issues minus returns)'),
  ),
});
export type IssueRequestLine = z.infer<typeof IssueRequestLine>;

export const ApprovedLine = z.object({ line: int(0), qty: NonNegativeQuantity });
export type ApprovedLine = z.infer<typeof ApprovedLine>;

/** 审批: one approver's decision on a request. */
export const Approval = named(
  z.object({
    approver: described(code(64), 'User id of the approver'),
    approverName: z.optional(described(text(100), 'Display name of the approver')),
    at: IsoDateTime,
    decision: z.enum(['approved', 'partially-approved', 'rejected']),
    comment: z.optional(text(500)),
    lines: described(z.array(ApprovedLine), 'Approved quantity per line; empty when rejected'),
  }),
  'Approval',
);
export type Approval = z.infer<typeof Approval>;

/** 领料申请: stock moves only once a request is approved. */
export const IssueRequest = named(
  z.object({
    id: Id,
    no: z.optional(described(code(40), 'Human-readable request number')),
    kind: IssueRequestKind,
    warehouse: code(32),
    warehouseName: z.optional(described(text(100), 'Name of the warehouse, e.g. 原材料仓')),
    workOrderNo: z.optional(WorkOrderNo),
    requester: described(code(64), 'User id of the requester'),
    requesterName: z.optional(described(text(100), 'Display name of the requester')),
    status: IssueRequestStatus,
    comment: z.optional(text(500)),
    /** 紧急领料: posted when made, approved afterwards. */
    emergency: z.optional(z.boolean()),
    postedAt: z.optional(IsoDateTime),
    lines: z.array(IssueRequestLine).check(z.minLength(1)),
    approvals: z.array(Approval),
    createdAt: IsoDateTime,
    updatedAt: z.optional(IsoDateTime),
  }),
  'IssueRequest',
);
export type IssueRequest = z.infer<typeof IssueRequest>;

/** Body of `POST /issue-requests`. `submit: false` keeps it a draft; by default it is submitted (pending). */
export const IssueRequestInput = named(
  z.object({
    kind: z.optional(described(IssueRequestKind, 'Default issue')),
    warehouse: code(32),
    workOrderNo: z.optional(WorkOrderNo),
    lines: z.array(IssueRequestLineInput).check(z.minLength(1)),
    comment: z.optional(text(500)),
    submit: z.optional(z.boolean()),
    /** 紧急领料: posts at once (storekeepers of the warehouse, supervisors of the work order's workshops, admins). */
    emergency: z.optional(z.boolean()),
  }),
  'IssueRequestInput',
);
export type IssueRequestInput = z.infer<typeof IssueRequestInput>;

/** Body of `POST /issue-requests/{id}/approve`. Without `lines`, every line is approved as requested. */
export const ApproveIssueRequestInput = named(
  z.object({ lines: z.optional(z.array(ApprovedLine)), comment: z.optional(text(500)) }),
  'ApproveIssueRequestInput',
);
export type ApproveIssueRequestInput = z.infer<typeof ApproveIssueRequestInput>;

/** Body of `POST /issue-requests/{id}/reject`: the requester is told why. */
export const RejectIssueRequestInput = named(z.object({ comment: text(500) }), 'RejectIssueRequestInput');
export type RejectIssueRequestInput = z.infer<typeof RejectIssueRequestInput>;

export const IssueRequestQuery = z.object({
  status: z.optional(IssueRequestStatus),
  warehouse: z.optional(code(32)),
  workOrderNo: z.optional(WorkOrderNo),
  mine: z.optional(described(z.boolean(), 'Only requests the current user made')),
  awaitingMe: z.optional(described(z.boolean(), 'Only requests the current user may approve')),
  emergency: z.optional(z.boolean()),
  ...pageQueryFields,
});
export type IssueRequestQuery = z.infer<typeof IssueRequestQuery>;
