/**
 * The work-center load (负荷) reads the open operations whose plan overlaps the range. At a year
 * (196k operations, ~2k open) PGlite scanned the whole table for it (200 ms; docs/scale.md): the
 * open ones by planned end make it an index range.
 */
export const openOperationsIndexSchema = `
create index if not exists work_order_operations_open_plan
  on work_order_operations (org_id, planned_end) where status <> 'done'
`;
