/**
 * The team comparison (issue 13, docs/team-comparison.md): a user's team (班组, free text; a report
 * counts for its reporter's team at query time), and a report's own start scan so its actual
 * minutes are measured from it. The index serves the range scan of GET /analytics/team-comparison.
 */
export const teamComparisonSchema = `
alter table users add column if not exists team text;
alter table operation_reports add column if not exists started_at timestamptz;
create index if not exists operation_reports_org_time on operation_reports (org_id, (coalesce(device_time, created_at)))
`;
