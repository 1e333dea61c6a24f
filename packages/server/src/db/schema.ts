import type { WorkCalendar } from '@shopfloor/sdk/admin';
import type { ColumnType, Generated } from 'kysely';

/** numeric: written as number or string, read as an exact decimal string. */
export type Numeric = ColumnType<string, number | string, number | string>;
export type NumericDefault = ColumnType<string, number | string | undefined, number | string>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** date columns are read as 'YYYY-MM-DD' strings (the connection sets the type parser). */
export type DateColumn = ColumnType<string, string, string>;
export type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
export type Json<T = unknown> = ColumnType<T, string, string>;
export type BigSerial = ColumnType<string, never, never>;

export interface Database {
  orgs: { id: string; name: string; platform: Generated<string>; created_at: Timestamp };
  settings: { key: string; value: string };
  users: {
    org_id: string;
    id: string;
    name: string;
    roles: ColumnType<string[], string[] | undefined, string[]>;
    workshops: ColumnType<string[], string[] | undefined, string[]>;
    warehouses: ColumnType<string[], string[] | undefined, string[]>;
    platform: Generated<string>;
    platform_user_id: string | null;
    active: Generated<boolean>;
    created_at: Timestamp;
    /** 0006-plant */
    updated_at: Generated<Date>;
    /** 0022-alert-rules: where the e-mail channel of alert rules writes to. */
    email: ColumnType<string | null, string | null | undefined, string | null>;
    /** 0023-team-comparison: 班组 */
    team: ColumnType<string | null, string | null | undefined, string | null>;
  };
  api_tokens: {
    id: string;
    org_id: string;
    user_id: string;
    name: string;
    token_hash: string;
    created_at: Timestamp;
    revoked_at: NullableTimestamp;
    /** 0006-plant: minted while the server ran in demo mode; refused in production mode. */
    minted_in_demo: Generated<boolean>;
    /** 0010-checkups: last sign-in with the token (stamped at most hourly). */
    last_used_at: NullableTimestamp;
  };
  audit_log: {
    id: BigSerial;
    org_id: string;
    at: Timestamp;
    actor: string;
    action: string;
    subject_type: string;
    subject_id: string;
    before: Json | null;
    after: Json | null;
  };
  items: {
    org_id: string;
    code: string;
    name: Generated<string>;
    uom: string;
    type: 'make' | 'buy' | 'phantom';
    safety_stock: NumericDefault;
    lead_time: NumericDefault;
    abc_class: 'A' | 'B' | 'C' | null;
    cost: ColumnType<string | null, number | string | null | undefined, number | string | null>;
    precision: Generated<number>;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** 0005-catalog: specification / model (规格型号). */
    spec: ColumnType<string | null, string | null | undefined, string | null>;
  };
  uom_conversions: {
    id: BigSerial;
    org_id: string;
    from_uom: string;
    to_uom: string;
    factor: Numeric;
    item: string | null;
  };
  bom_lines: {
    id: BigSerial;
    org_id: string;
    parent: string;
    child: string;
    seq: number;
    qty: Numeric;
    uom: string | null;
    scrap_rate: NumericDefault;
    setup_qty: NumericDefault;
    rounding_multiple: ColumnType<string | null, number | string | null | undefined, number | string | null>;
    effective_from: NullableDate;
    effective_to: NullableDate;
  };
  bom_revisions: {
    org_id: string;
    revision: ColumnType<string, number | undefined, number | string>;
    changed_at: Timestamp;
  };
  workshops: {
    org_id: string;
    code: string;
    name: string;
    /** 0006-plant */
    supervisor: ColumnType<string | null, string | null | undefined, string | null>;
    active: Generated<boolean>;
  };
  warehouses: { org_id: string; code: string; name: string; active: Generated<boolean> };
  locations: {
    org_id: string;
    code: string;
    warehouse: string;
    name: Generated<string>;
    /** 0006-plant */
    kind: Generated<LocationKind>;
    active: Generated<boolean>;
  };
  /** 0006-plant: 工作中心. */
  work_centers: {
    org_id: string;
    code: string;
    name: string;
    workshop: string;
    stations: Generated<number>;
    calendar: Json<WorkCalendar>;
    active: Generated<boolean>;
    /** 0019-owners-schedules */
    owner: ColumnType<string | null, string | null | undefined, string | null>;
    late_tolerance: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  };
  routings: {
    org_id: string;
    item: string;
    seq: number;
    name: string;
    workshop: string;
    work_center: string | null;
    standard_minutes: NumericDefault;
    /** 0005-catalog */
    setup_minutes: NumericDefault;
    owner: ColumnType<string | null, string | null | undefined, string | null>;
  };
  work_orders: {
    org_id: string;
    no: string;
    item: string;
    qty: Numeric;
    due: DateColumn;
    status: ColumnType<WorkOrderStatus, WorkOrderStatus | undefined, WorkOrderStatus>;
    lot: string | null;
    location: string | null;
    created_at: Timestamp;
    released_at: NullableTimestamp;
    closed_at: NullableTimestamp;
    /** 0002-production */
    backflush: ColumnType<boolean, boolean | undefined, boolean>;
    issue_location: string | null;
    /** 0020-work-order-lifecycle */
    status_reason: ColumnType<string | null, string | null | undefined, string | null>;
    held_at: NullableTimestamp;
    held_by: ColumnType<string | null, string | null | undefined, string | null>;
    resume_status: ColumnType<ResumeStatus | null, ResumeStatus | null | undefined, ResumeStatus | null>;
    cancelled_at: NullableTimestamp;
    cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
    closed_by: ColumnType<string | null, string | null | undefined, string | null>;
    closed_short: ColumnType<boolean, boolean | undefined, boolean>;
  };
  work_order_operations: {
    org_id: string;
    work_order_no: string;
    seq: number;
    name: string;
    workshop: string;
    work_center: string | null;
    standard_minutes: NumericDefault;
    status: ColumnType<OperationStatus, OperationStatus | undefined, OperationStatus>;
    good_qty: NumericDefault;
    scrap_qty: NumericDefault;
    planned_start: NullableTimestamp;
    planned_end: NullableTimestamp;
    actual_start: NullableTimestamp;
    actual_end: NullableTimestamp;
    /** 0019-owners-schedules */
    owner: ColumnType<string | null, string | null | undefined, string | null>;
    setup_minutes: NumericDefault;
    plan_direction: ColumnType<PlanDirection | null, PlanDirection | null | undefined, PlanDirection | null>;
  };
  lots: {
    org_id: string;
    code: string;
    item: string;
    kind: ColumnType<LotKind, LotKind | undefined, LotKind>;
    customer: string | null;
    created_at: Timestamp;
    /** 0002-production */
    qty: NumericDefault;
    origin_type: string | null;
    origin_id: string | null;
  };
  operation_reports: {
    id: string;
    org_id: string;
    work_order_no: string;
    seq: number;
    good_qty: Numeric;
    scrap_qty: NumericDefault;
    scrap_reason: string | null;
    produced_lot: string | null;
    reporter: string;
    device_time: NullableTimestamp;
    created_at: Timestamp;
    /** 0023-team-comparison: the report's start scan (开工). */
    started_at: NullableTimestamp;
  };
  genealogy_edges: {
    id: BigSerial;
    org_id: string;
    from_lot: string;
    to_lot: string;
    qty: Numeric;
    report_id: string | null;
    kind: ColumnType<'consume' | 'ship', 'consume' | 'ship' | undefined, 'consume' | 'ship'>;
    at: Timestamp;
  };
  issue_requests: {
    id: string;
    org_id: string;
    no: string;
    kind: ColumnType<IssueKind, IssueKind | undefined, IssueKind>;
    work_order_no: string | null;
    warehouse: string;
    requester: string;
    status: IssueStatus;
    comment: string | null;
    created_at: Timestamp;
    decided_at: NullableTimestamp;
    /** 0012-transfers: 紧急领料, posted when made and approved afterwards. */
    emergency: Generated<boolean>;
    posted_at: NullableTimestamp;
  };
  issue_request_lines: {
    org_id: string;
    request_id: string;
    line_no: number;
    item: string;
    qty: Numeric;
    lot: Generated<string>;
    location: string;
    reason: string | null;
    bom_requirement: ColumnType<string | null, number | string | null | undefined, number | string | null>;
    approved_qty: ColumnType<string | null, number | string | null | undefined, number | string | null>;
    /** 0003: what the work order had been issued of the item when the request was made. */
    already_issued: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  };
  approvals: {
    id: string;
    org_id: string;
    request_id: string;
    approver: string;
    at: Timestamp;
    decision: 'approved' | 'partially-approved' | 'rejected';
    comment: string | null;
    lines: Json<{ lineNo: number; approvedQty: number }[]>;
  };
  stock_movements: {
    id: BigSerial;
    org_id: string;
    at: Timestamp;
    kind: MovementKind;
    item: string;
    location: string;
    lot: Generated<string>;
    qty: Numeric;
    source_type: SourceType;
    source_id: string;
    actor: string;
  };
  stock_balances: {
    org_id: string;
    item: string;
    location: string;
    lot: Generated<string>;
    qty: Numeric;
    updated_at: Timestamp;
  };
  alerts: {
    id: string;
    org_id: string;
    kind: AlertKind;
    severity: 'info' | 'warning' | 'critical';
    subject: string;
    message: string;
    status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
    suggestion: Json | null;
    /** The values of the message, by name (see alerts/words.ts); null for alerts from before 0007. */
    params: Json | null;
    opened_at: Timestamp;
    acknowledged_at: NullableTimestamp;
    acknowledged_by: string | null;
    resolved_at: NullableTimestamp;
    /** 0022-alert-rules: the alert's scope, for rules and their roles (owner, supervisor, approvers). */
    workshop: ColumnType<string | null, string | null | undefined, string | null>;
    warehouse: ColumnType<string | null, string | null | undefined, string | null>;
    owner: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** 0022-alert-rules: who is told of which alerts (modules/alert-rules reads it with sql). */
  alert_rules: {
    id: string;
    org_id: string;
    name: string;
    active: boolean;
    kinds: string[];
    min_severity: 'info' | 'warning' | 'critical';
    workshops: string[];
    warehouses: string[];
    recipients: Json;
    channels: string[];
    quiet_hours: Json | null;
    escalation: Json;
    created_by: string;
    created_at: Timestamp;
    updated_by: string;
    updated_at: Timestamp;
  };
  outbox_events: {
    id: BigSerial;
    org_id: string;
    topic: string;
    aggregate_type: string;
    aggregate_id: string;
    payload: Json;
    created_at: Timestamp;
    attempts: Generated<number>;
    next_attempt_at: Timestamp;
    delivered_at: NullableTimestamp;
    last_error: string | null;
    /** 0004-platform: when the sync worker created the event's deliveries. */
    fanned_out_at: NullableTimestamp;
  };
  sync_connectors: {
    id: string;
    org_id: string;
    kind: ConnectorKind;
    name: string;
    config: Json<Record<string, unknown>>;
    enabled: Generated<boolean>;
    created_at: Timestamp;
    /** 0004-platform: null = every topic. */
    topics: string[] | null;
    last_success_at: NullableTimestamp;
    last_error: string | null;
    last_sent_at: NullableTimestamp;
    /** 0013-sync-failures: consecutive failed deliveries that raise the sync-failure alert. */
    alert_after_failures: Generated<number>;
    consecutive_failures: Generated<number>;
    /** 0013-sync-failures: soft delete; its deliveries stay readable. */
    deleted_at: NullableTimestamp;
  };
  /** 0018-inbound-runs: a pull connector's watermark and the lease that runs its pulls one at a time. */
  inbound_pull_state: {
    connector_id: string;
    org_id: string;
    cursor: Json<Record<string, unknown>> | null;
    next_run_at: NullableTimestamp;
    leased_until: NullableTimestamp;
    lease_owner: string | null;
  };
  /** 0018-inbound-runs: one pull of an http-poll or database connector. */
  inbound_runs: {
    id: Generated<number>;
    org_id: string;
    connector_id: string;
    trigger: 'schedule' | 'manual';
    started_by: string | null;
    started_at: Timestamp;
    finished_at: NullableTimestamp;
    records: Generated<number>;
    applied: Generated<number>;
    rejected: Generated<number>;
    duplicates: Generated<number>;
    watermark_before: Json<Record<string, unknown>> | null;
    watermark_after: Json<Record<string, unknown>> | null;
    error: string | null;
  };
  /** 0015-mappings: a connector's field mapping, one row per version (the highest is in use). */
  sync_mappings: {
    org_id: string;
    connector_id: string;
    version: number;
    document: Json<Record<string, unknown>>;
    created_at: Timestamp;
    created_by: string;
  };
  /** 0004-platform: delivery state of one outbox event to one connector. */
  sync_deliveries: {
    event_id: number;
    connector_id: string;
    org_id: string;
    aggregate_type: string;
    aggregate_id: string;
    attempts: Generated<number>;
    next_attempt_at: Timestamp;
    delivered_at: NullableTimestamp;
    last_error: string | null;
  };
  /** 0016-inbound: every record another system sent, once per (connector, kind, source id, version). */
  inbound_records: {
    id: BigSerial;
    org_id: string;
    connector_id: string;
    kind: InboundKind;
    source_id: string;
    source_version: string;
    outcome: InboundOutcome;
    code: string | null;
    reason: string | null;
    errors: Json | null;
    result: Json | null;
    applied_at: Timestamp;
    batch_id: string;
    actor: string | null;
  };
  /** 0016-inbound: the other system's latest stock per (connector, item, location, lot); not our ledger. */
  inbound_stock_snapshots: {
    org_id: string;
    connector_id: string;
    item: string;
    location: string;
    lot: Generated<string>;
    qty: Numeric;
    source_id: string;
    source_version: string;
    updated_at: Timestamp;
  };
  /** 0002-production: day sequence of generated work-order numbers. */
  work_order_numbers: { org_id: string; day: DateColumn; last: number };
  /** 0003: receipt documents (入库单): stock enters through them. */
  stock_receipts: {
    id: string;
    org_id: string;
    no: string;
    kind: ColumnType<ReceiptKind, ReceiptKind | undefined, ReceiptKind>;
    warehouse: string;
    reference: string | null;
    comment: string | null;
    created_by: string;
    created_at: Timestamp;
  };
  stock_receipt_lines: {
    org_id: string;
    receipt_id: string;
    line_no: number;
    item: string;
    qty: Numeric;
    location: string;
    lot: Generated<string>;
  };
  idempotency_keys: {
    org_id: string;
    key: string;
    user_id: string;
    request_hash: string;
    status_code: number;
    response: Json | null;
    created_at: Timestamp;
  };
  /** 0008-backups: every backup file taken, for the list, the check-up and retention. */
  backups: {
    id: Generated<number>;
    taken_at: Timestamp;
    file: string;
    bytes: number;
    reason: 'manual' | 'daily' | 'pre-migration';
    taken_by: string | null;
  };
  /** 0009-role-requests: grants waiting for a second administrator (权限变更双人复核). */
  /** 0012-transfers: 调拨, between locations of one warehouse or two. */
  transfers: {
    id: string;
    org_id: string;
    no: string;
    from_warehouse: string;
    to_warehouse: string;
    requester: string;
    status: 'pending' | 'posted' | 'rejected';
    comment: string | null;
    created_at: Timestamp;
    decided_by: string | null;
    decided_at: NullableTimestamp;
    decision_comment: string | null;
  };
  transfer_lines: {
    org_id: string;
    transfer_id: string;
    line_no: number;
    item: string;
    qty: Numeric;
    lot: Generated<string>;
    from_location: string;
    to_location: string;
  };
  role_requests: {
    id: Generated<string>;
    org_id: string;
    user_id: string;
    roles_added: string[];
    workshops_added: string[];
    warehouses_added: string[];
    requested_by: string;
    requested_at: Timestamp;
    status: Generated<'pending' | 'approved' | 'rejected'>;
    decided_by: string | null;
    decided_at: NullableTimestamp;
  };
  /** 0010-checkups: every check-up run (一键体检), newest last. */
  checkup_runs: {
    id: BigSerial;
    org_id: string;
    ran_at: Timestamp;
    ran_by: string;
    status: 'ok' | 'warn' | 'fail';
    duration_ms: number;
    checks: Json<unknown[]>;
  };
}

export type LocationKind = 'raw-material' | 'wip' | 'finished-goods' | 'quarantine';
export type WorkOrderStatus =
  | 'draft'
  | 'released'
  | 'in-progress'
  | 'on-hold'
  | 'done'
  | 'closed'
  | 'cancelled';
/** What a held work order resumes to (0020). */
export type ResumeStatus = 'released' | 'in-progress';
export type OperationStatus = 'pending' | 'ready' | 'in-progress' | 'done';
export type PlanDirection = 'forward' | 'backward' | 'replan';
export type LotKind = 'material' | 'wip' | 'finished' | 'customer';
export type IssueKind = 'issue' | 'return' | 'scrap';
export type IssueStatus = 'draft' | 'pending' | 'approved' | 'partially-approved' | 'rejected' | 'cancelled';
export type MovementKind =
  | 'receipt'
  | 'issue'
  | 'return'
  | 'scrap'
  | 'transfer'
  | 'adjustment'
  | 'production-receipt'
  | 'opening';
export type SourceType =
  | 'issue-request'
  | 'operation-report'
  | 'receipt'
  | 'cycle-count'
  | 'opening-balance'
  | 'transfer';
export type ReceiptKind = 'purchase' | 'other';
export type AlertKind =
  | 'safety-stock'
  | 'overdue-operation'
  | 'sync-failure'
  | 'system'
  | 'emergency-unapproved'
  | 'reconciliation-difference';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
/** 0004-platform: where outbox events go (sync) and which platform messages alerts become. */
export type ConnectorKind =
  | 'webhook'
  | 'rabbitmq'
  | 'erp'
  | 'dingtalk-robot'
  | 'wecom-robot'
  | 'dingtalk-notice'
  | 'wecom-message'
  | 'email'
  | 'rabbitmq-inbound'
  | 'http-poll'
  | 'database';
/** 0016-inbound: the record kinds the data hub exchanges, and what became of one sent in. */
export type InboundKind = 'item' | 'bomLine' | 'workOrder' | 'purchaseReceipt' | 'stockSnapshot';
export type InboundOutcome = 'applied' | 'duplicate' | 'rejected';
