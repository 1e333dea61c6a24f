/**
 * Indexes found short at a year of data (issue 14, docs/scale.md, bench `scale`): work-order lists
 * are read in (due, no) order — all of them, or one status (the home page and the board) — and
 * sorted 30,000 rows for each page without these.
 */
export const scaleIndexesSchema = `
create index if not exists work_orders_due on work_orders (org_id, due, no);
create index if not exists work_orders_status_due on work_orders (org_id, status, due, no)
`;
