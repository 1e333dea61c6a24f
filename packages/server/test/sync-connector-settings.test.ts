import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectorKind } from '../src/db/schema.js';
import { connectorSettings } from '../src/modules/sync/connector-settings.js';
import { seedUsers } from './fixtures.js';
import { startTestServer } from './harness.js';

const SECRET = 'S3cr3t-Value-Never-Shown';

describe('connector settings shown to the console', () => {
  it('never carry a secret, whatever the kind and wherever the secret sits', () => {
    const kinds: ConnectorKind[] = [
      'webhook',
      'rabbitmq',
      'erp',
      'dingtalk-robot',
      'wecom-robot',
      'email',
      'rabbitmq-inbound',
      'http-poll',
      'database',
    ];
    const plain = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.dictionary(fc.string({ maxLength: 6 }), plain),
        (kind, extra) => {
          const config = {
            ...extra,
            secret: SECRET,
            accessToken: SECRET,
            key: SECRET,
            headers: { Authorization: `Bearer ${SECRET}` },
            url: `amqp://erp:${SECRET}@mq.factory.local:5672`,
            smtpUrl: `smtp://alerts%40factory.com:${SECRET}@smtp.factory.com:465`,
            options: { acctId: '6500', password: SECRET, appSecret: SECRET, nested: [{ token: SECRET }] },
          };
          expect(JSON.stringify(connectorSettings(kind, config))).not.toContain(SECRET);
        },
      ),
    );
  });

  it('keep what is not secret readable: hosts, users, queues, tables', () => {
    expect(
      connectorSettings('database', {
        dialect: 'mysql',
        url: 'mysql://reader:pw@10.0.0.5:3306/erp',
        tables: [{ table: 'v_stock', kind: 'stockSnapshot', idColumn: 'id', watermarkColumn: 'updated_at' }],
      }),
    ).toEqual({
      dialect: 'mysql',
      url: 'mysql://reader:***@10.0.0.5:3306/erp',
      tables: [{ table: 'v_stock', kind: 'stockSnapshot', idColumn: 'id', watermarkColumn: 'updated_at' }],
    });
    expect(
      connectorSettings('webhook', { url: 'https://erp.local/hook', secret: SECRET, timeoutMs: 5000 }),
    ).toEqual({
      url: 'https://erp.local/hook',
      timeoutMs: 5000,
    });
  });

  it('are what GET /sync/connectors answers, with the alert threshold', async () => {
    const server = await startTestServer({ seed: seedUsers });
    try {
      const headers = {
        Authorization: `Bearer ${await server.token('admin')}`,
        'Content-Type': 'application/json',
      };
      const created = await fetch(`${server.url}/api/v1/sync/connectors`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          kind: 'webhook',
          name: 'ERP',
          config: { url: 'https://erp.local/hook', secret: SECRET },
          alertAfterFailures: 3,
        }),
      });
      expect(created.status).toBe(201);
      const list = await (await fetch(`${server.url}/api/v1/sync/connectors`, { headers })).text();
      expect(list).not.toContain(SECRET);
      const [connector] = (JSON.parse(list) as { items: Record<string, unknown>[] }).items;
      expect(connector).toMatchObject({
        alertAfterFailures: 3,
        settings: { url: 'https://erp.local/hook', timeoutMs: 10_000 },
      });

      // An ERP connector's options come back without the secret; sending them back edited keeps it.
      const erp = await fetch(`${server.url}/api/v1/sync/connectors`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          kind: 'erp',
          name: 'K3',
          config: { adapter: 'generic-json', options: { url: 'https://erp.local/a', secret: SECRET } },
        }),
      });
      expect(erp.status).toBe(201);
      const { id } = (await erp.json()) as { id: string };
      const edited = await fetch(`${server.url}/api/v1/sync/connectors/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ config: { options: { url: 'https://erp.local/b' } } }),
      });
      expect(edited.status).toBe(200);
      const stored = await server.database.db
        .selectFrom('sync_connectors')
        .select('config')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.config).toMatchObject({ options: { url: 'https://erp.local/b', secret: SECRET } });
    } finally {
      await server.close();
    }
  });
});
