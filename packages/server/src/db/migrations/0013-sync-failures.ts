/**
 * Sync failures seen at once (issue 12). A connector counts its consecutive failed deliveries and
 * raises its sync-failure alert at `alert_after_failures` (default 2); a deleted connector keeps
 * its row (soft delete) so its deliveries stay readable.
 */
export const syncFailuresSchema = `
alter table sync_connectors add column alert_after_failures integer not null default 2
  check (alert_after_failures between 1 and 100);
alter table sync_connectors add column consecutive_failures integer not null default 0;
alter table sync_connectors add column deleted_at timestamptz
`;
