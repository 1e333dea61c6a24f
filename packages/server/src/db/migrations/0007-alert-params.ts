/**
 * alerts keep the values of their message (item, quantities, operation…) so the app and the
 * DingTalk/WeCom messages word them in the reader's language; `message` stays the Chinese text.
 */
export const alertParamsSchema = `
alter table alerts add column if not exists params jsonb
`;
