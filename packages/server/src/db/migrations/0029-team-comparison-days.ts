/**
 * The team comparison's stored minutes summed per Shanghai day, reporter and operation kind
 * (docs/team-comparison.md): a 30-day answer at a year grouped ~35,000 per-report rows with exact
 * numeric sums; per day they are ~17,000, summed already. Kept in step with
 * team_comparison_minutes by the one statement that writes it (analytics/derive.ts): each report's
 * old row taken out, its new one put in. `work_center` is '' for none (a key column); `operation`
 * the smallest name by bytes of the kind's operations that day. Filled here from the rows stored so
 * far (a few seconds at a year).
 */
export const teamComparisonDaysSchema = `
create table if not exists team_comparison_days (
  org_id text not null,
  day date not null,
  reporter text not null,
  workshop text not null,
  work_center text not null,
  item text not null,
  seq integer not null,
  operation text collate "C" not null,
  n integer not null,
  measured_n integer not null,
  qty numeric not null,
  measured_qty numeric not null,
  actual_ms bigint not null,
  standard numeric not null,
  primary key (org_id, day, reporter, workshop, work_center, item, seq)
);
insert into team_comparison_days
select d.org_id, ((d.at at time zone 'UTC') + interval '8 hours')::date, d.reporter, d.workshop,
       coalesce(d.work_center, ''), d.item, d.seq, min(d.operation collate "C"),
       count(*), count(*) filter (where d.actual_ms > 0), sum(d.qty),
       coalesce(sum(d.qty) filter (where d.actual_ms > 0), 0),
       coalesce(sum(d.actual_ms) filter (where d.actual_ms > 0), 0),
       coalesce(sum(d.standard) filter (where d.actual_ms > 0), 0)
from team_comparison_minutes d
group by 1, 2, 3, 4, 5, 6, 7
on conflict do nothing
`;
