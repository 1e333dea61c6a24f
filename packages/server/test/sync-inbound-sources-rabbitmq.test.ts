import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundWorker, type InboundWorker } from '../src/modules/sync/inbound/sources/worker.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** The rabbitmq-inbound connector against the real RabbitMQ on 127.0.0.1:5672 (guest/guest). */
const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

const waitFor = async (what: string, ok: () => Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`still waiting for ${what} after ${ms} ms`);
};

describe.each(backends())('RabbitMQ inbound connector on %s', (backend) => {
  let server: TestServer;
  let broker: ChannelModel;
  const queues: string[] = [];
  const workers: InboundWorker[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    broker = await amqp.connect(AMQP_URL);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    const ch = await broker.createChannel();
    for (const q of queues) {
      await ch.deleteQueue(q);
      await ch.deleteQueue(`${q}.dead`);
      await ch.deleteExchange(`${q}.dead`);
    }
    await broker.close();
    await server?.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token('admin')}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const addConnector = async (config: Record<string, unknown>) => {
    const r = await call('POST', '/sync/connectors', {
      kind: 'rabbitmq-inbound',
      name: `MQ ${config.queue}`,
      config,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const newQueue = () => {
    const q = `sf.inbound.${backend}.${randomBytes(4).toString('hex')}`;
    queues.push(q);
    return q;
  };
  const outcomes = async (connectorId: string) => {
    const rows = await server.database.db
      .selectFrom('inbound_records')
      .select(['outcome'])
      .where('connector_id', '=', connectorId)
      .execute();
    const count = { applied: 0, duplicate: 0, rejected: 0 };
    for (const r of rows) count[r.outcome as keyof typeof count]++;
    return count;
  };
  const itemCount = async (prefix: string) =>
    Number(
      (
        await server.database.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', 'demo')
          .where('code', 'like', `${prefix}%`)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const depth = async (queue: string) => {
    const ch = await broker.createChannel();
    const q = await ch.checkQueue(queue);
    await ch.close();
    return q.messageCount;
  };
  const envelope = (code: string, version = '1') => ({
    kind: 'item',
    sourceId: code,
    sourceVersion: version,
    data: { code, name: `物料 ${code}`, uom: 'pcs', type: 'buy' },
  });

  it('a consumer killed mid-batch after its commit loses nothing and applies nothing twice; unreadable messages are dead-lettered', async () => {
    const queue = newQueue();
    const prefix = `RQ${backend[1]}${randomBytes(3).toString('hex')}-`;
    const id = await addConnector({
      url: AMQP_URL,
      queue,
      prefetch: 25,
      kind: 'item',
      idField: 'code',
      versionField: 'rev',
    });
    let kills = 0;
    let handed = 0;
    const worker = createInboundWorker(server.deps, {
      hooks: {
        // The first batch committed, then the connection dies before a single ack: its messages come again.
        afterApply: ({ connection, messages }) => {
          handed += messages;
          if (kills++ > 0) return;
          (
            connection as unknown as { connection: { stream: { destroy(e: Error): void } } }
          ).connection.stream.destroy(new Error('killed by the test'));
        },
      },
    });
    workers.push(worker);
    await worker.tick(); // starts the consumer: declares the queue and its dead-letter queue
    await waitFor('the queue', async () => {
      const ch = await broker.createChannel();
      ch.on('error', () => undefined);
      try {
        await ch.checkQueue(queue);
        await ch.close();
        return true;
      } catch {
        return false;
      }
    });

    const pub = await broker.createConfirmChannel();
    const send = (body: unknown, headers?: Record<string, string>) =>
      pub.sendToQueue(queue, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), {
        persistent: true,
        ...(headers ? { headers } : {}),
      });
    // 150 single envelopes, 10 messages of 5 envelopes, 20 raw records (their own field names for id and version).
    for (let i = 0; i < 150; i++) send(envelope(`${prefix}${i}`));
    for (let m = 0; m < 10; m++)
      send(Array.from({ length: 5 }, (_, j) => envelope(`${prefix}${150 + m * 5 + j}`)));
    for (let i = 200; i < 220; i++)
      send({ code: `${prefix}${i}`, name: `原始 ${i}`, uom: 'pcs', type: 'make', rev: 3 });
    send('this is not JSON');
    send({ code: `${prefix}nover`, name: 'x', uom: 'pcs', type: 'buy' }); // no version anywhere
    await pub.waitForConfirms();
    await pub.close();

    await waitFor('every record applied', async () => (await outcomes(id)).applied >= 220);
    await waitFor(
      'the queue drained',
      async () => (await depth(queue)) === 0 && worker.consumers.get(id)!.acked > 0,
    );
    await worker.close();
    // Stopped: anything unacknowledged would be back in the queue now.
    expect(await depth(queue)).toBe(0);
    expect(kills).toBeGreaterThan(1); // the consumer came back after the kill and went on
    const seen = await outcomes(id);
    expect(seen.applied).toBe(220);
    // The killed batch was committed and came again (180 good messages, more handed to the applier):
    // the applier kept each record once.
    expect(handed).toBeGreaterThan(180);
    expect(seen.rejected).toBe(0);
    expect(await itemCount(prefix)).toBe(220);
    expect(await depth(`${queue}.dead`)).toBe(2);
  });

  it('follows the connector table: starts, restarts on a config change, stops when disabled', async () => {
    const queue = newQueue();
    const id = await addConnector({ url: AMQP_URL, queue });
    const worker = createInboundWorker(server.deps);
    workers.push(worker);
    await worker.tick();
    const first = worker.consumers.get(id);
    expect(first).toBeDefined();
    await worker.tick();
    expect(worker.consumers.get(id)).toBe(first);
    expect((await call('PUT', `/sync/connectors/${id}`, { config: { prefetch: 5 } })).status).toBe(200);
    await worker.tick();
    expect(worker.consumers.get(id)).not.toBe(first);
    expect((await call('PUT', `/sync/connectors/${id}`, { enabled: false })).status).toBe(200);
    await worker.tick();
    expect(worker.consumers.has(id)).toBe(false);
  });

  it('a broker that cannot be reached counts toward the sync-failure alert, which resolves once it consumes', async () => {
    const queue = newQueue();
    const id = await addConnector({ url: 'amqp://guest:guest@127.0.0.1:1', queue });
    const worker = createInboundWorker(server.deps);
    workers.push(worker);
    await worker.tick();
    const alerts = () =>
      server.database.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'sync-failure')
        .where('subject', '=', id)
        .execute();
    // Reconnects with the back-off (1–2 s, then 2–4 s): the second refused connection opens the alert.
    await waitFor('the alert', async () => (await alerts()).length === 1, 10_000);
    const row = await server.database.db
      .selectFrom('sync_connectors')
      .select('last_error')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/^rabbitmq: .*ECONNREFUSED/);
    expect(row.last_error).not.toContain('guest:guest');
    expect((await call('PUT', `/sync/connectors/${id}`, { config: { url: AMQP_URL } })).status).toBe(200);
    await worker.tick();
    await waitFor('the recovery', async () => (await alerts())[0]?.status === 'resolved', 10_000);
    await worker.close();
  });
});
