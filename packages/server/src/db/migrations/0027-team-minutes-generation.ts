/**
 * The team comparison counts the reports without a stored row only while the backfill runs: once it
 * is done every report has a row or an outbox event the answer looks at (33 ms of a 30-day answer at
 * a year went to two counts). A writer of reports without events (the demo and scale seeds) reopens
 * the backfill and bumps `generation`; the worker moves its cursor only on the generation it read,
 * so a batch in flight cannot close a backfill that a seed reopened under it.
 */
export const teamMinutesGenerationSchema = `
alter table team_comparison_progress add column if not exists generation integer not null default 0
`;
