/**
 * Every backup taken (by `shopfloor backup`, the daily worker or before migrations): the check-up
 * reads the age of the last one, the console lists them, retention deletes the oldest daily ones.
 */
export const backupsSchema = `
create table backups (id bigserial primary key, taken_at timestamptz not null default now(), file text not null, bytes bigint not null, reason text not null check (reason in ('manual','daily','pre-migration')), taken_by text)
`;
