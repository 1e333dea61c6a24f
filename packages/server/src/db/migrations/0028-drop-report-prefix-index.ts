/**
 * operation_reports_wo (org_id, work_order_no, seq) is the leading part of operation_reports_page
 * (…, created_at, id), which serves every read it served (the report list, the foreign key from
 * operations); every report paid for one more index entry in a million-row table (docs/scale.md).
 */
export const dropReportPrefixIndexSchema = `
drop index if exists operation_reports_wo
`;
