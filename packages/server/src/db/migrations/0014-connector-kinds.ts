/**
 * Issue 12: e-mail joins the message channels, and three kinds bring data in (a RabbitMQ queue
 * consumed, an HTTP endpoint polled, a table or view of the other system's database pulled).
 */
export const connectorKindsSchema = `
alter table sync_connectors drop constraint sync_connectors_kind_check;
alter table sync_connectors add constraint sync_connectors_kind_check check (kind in
  ('webhook', 'rabbitmq', 'erp', 'dingtalk-robot', 'wecom-robot', 'dingtalk-notice', 'wecom-message',
   'email', 'rabbitmq-inbound', 'http-poll', 'database'))
`;
