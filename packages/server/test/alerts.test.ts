import type { Alert } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('safety-stock alerts (预警) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  /** 领料 through the approval flow: the way stock leaves the warehouse. */
  const issue = async (item: string, qty: number) => {
    const request = await (await server.as('op-li')).issueRequests.create({
      warehouse: 'WH-RM',
      lines: [{ item, qty, location: 'RM-A01' }],
    });
    return (await server.as('ap-zhao')).issueRequests.approve(request.id);
  };
  const alertsOf = async (item: string): Promise<Alert[]> =>
    (await (await server.as('admin')).alerts.listPage({ kind: 'safety-stock', limit: 500 })).items.filter(
      (a) => a.subject.id === item,
    );

  it("opens an alert with the engine's replenishment when stock crosses below safety stock", async () => {
    await addItem(server.database.db, 'AL-SCREW', { name: '螺丝 M6×30', safetyStock: 500, leadTime: 5 });
    await receive(server, [{ item: 'AL-SCREW', qty: 600 }]);
    expect(await alertsOf('AL-SCREW')).toEqual([]);

    await issue('AL-SCREW', 480);
    const [alert] = await alertsOf('AL-SCREW');
    expect(alert).toMatchObject({
      kind: 'safety-stock',
      severity: 'warning',
      status: 'open',
      subject: { type: 'item', id: 'AL-SCREW' },
      message: '螺丝 M6×30 库存 120 低于安全库存 500',
    });
    // Lot-for-lot netting tops up to the safety stock; a 5-day lead time makes today's need late.
    expect(alert!.replenishment).toMatchObject({
      item: 'AL-SCREW',
      type: 'buy',
      qty: 500 - 120,
      dueDate: '2026-11-25',
      late: true,
    });
    expect(alert!.suggestion).toContain(`建议采购 ${500 - 120} pcs`);
    const events = await server.database.db
      .selectFrom('outbox_events')
      .select('topic')
      .where('org_id', '=', ORG)
      .where('aggregate_id', '=', alert!.id)
      .execute();
    expect(events.map((e) => e.topic)).toEqual(['alert.opened']);
  });

  it('carries its values as params and names the item beside its code in the title', async () => {
    await addItem(server.database.db, 'AL-BOLT', { name: '螺栓 M8', safetyStock: 100, leadTime: 1 });
    await receive(server, [{ item: 'AL-BOLT', qty: 150 }]);
    await issue('AL-BOLT', 110);
    const [alert] = await alertsOf('AL-BOLT');
    expect(alert!.title).toBe('低于安全库存：螺栓 M8（AL-BOLT）');
    expect(alert!.params).toEqual({
      item: 'AL-BOLT',
      itemName: '螺栓 M8',
      onHand: 40,
      safetyStock: 100,
      uom: 'pcs',
    });
    const opened = await server.database.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('aggregate_id', '=', alert!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(opened.payload)).toContain('"itemName":"螺栓 M8"');
  });

  it('keeps one live alert while stock stays below, with fresh numbers, and resolves it when a receipt restores it', async () => {
    await addItem(server.database.db, 'AL-LEG', { name: '桌腿', safetyStock: 100 });
    await receive(server, [{ item: 'AL-LEG', qty: 120 }]);
    await issue('AL-LEG', 40);
    await issue('AL-LEG', 30);
    const live = await alertsOf('AL-LEG');
    expect(live).toHaveLength(1);
    expect(live[0]!.message).toBe('桌腿 库存 50 低于安全库存 100');

    await receive(server, [{ item: 'AL-LEG', qty: 30 }]);
    expect((await alertsOf('AL-LEG'))[0]!.status).toBe('open'); // 80 is still below 100
    await receive(server, [{ item: 'AL-LEG', qty: 20 }]);
    const [resolved] = await alertsOf('AL-LEG');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });

    await issue('AL-LEG', 1);
    const again = await alertsOf('AL-LEG');
    expect(again.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
  });

  it('marks an alert critical when the stock is gone', async () => {
    await addItem(server.database.db, 'AL-ZERO', { safetyStock: 10 });
    await receive(server, [{ item: 'AL-ZERO', qty: 10 }]);
    await issue('AL-ZERO', 10);
    expect((await alertsOf('AL-ZERO'))[0]).toMatchObject({
      severity: 'critical',
      message: 'AL-ZERO 库存 0 低于安全库存 10',
    });
  });

  it('raises no alert for an item without a safety stock', async () => {
    await addItem(server.database.db, 'AL-NONE');
    await receive(server, [{ item: 'AL-NONE', qty: 5 }]);
    await issue('AL-NONE', 5);
    expect(await alertsOf('AL-NONE')).toEqual([]);
  });

  it('falls back to a plain top-up suggestion when the BOM cannot be compiled', async () => {
    await addItem(server.database.db, 'AL-NOBOM', { name: '垫片', safetyStock: 40 });
    await receive(server, [{ item: 'AL-NOBOM', qty: 50 }]);
    const boms = server.services.boms;
    const real = boms.compiled;
    boms.compiled = async () => {
      throw new Error('no BOM data');
    };
    try {
      await issue('AL-NOBOM', 25);
    } finally {
      boms.compiled = real;
    }
    const [alert] = await alertsOf('AL-NOBOM');
    expect(alert!.suggestion).toBe(`建议补货 ${40 - 25} pcs，补足至安全库存 40`);
    expect(alert!.replenishment).toMatchObject({ qty: 40 - 25, type: 'buy' });
  });

  it('records who acknowledged an alert and when, once', async () => {
    await addItem(server.database.db, 'AL-ACK', { safetyStock: 10 });
    await receive(server, [{ item: 'AL-ACK', qty: 10 }]);
    await issue('AL-ACK', 5);
    const [alert] = await alertsOf('AL-ACK');
    const seen = await (await server.as('op-wang')).alerts.acknowledge(alert!.id);
    expect(seen).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'op-wang',
      acknowledgedAt: '2026-11-25T09:00:00.000+08:00',
    });
    server.clock.advance(60_000);
    const twice = await (await server.as('admin')).alerts.acknowledge(alert!.id);
    expect(twice).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'op-wang',
      acknowledgedAt: seen.acknowledgedAt,
    });
    // Acknowledged is still live: a further drop updates it instead of opening another.
    await issue('AL-ACK', 1);
    expect(await alertsOf('AL-ACK')).toMatchObject([
      { id: alert!.id, status: 'acknowledged', message: 'AL-ACK 库存 4 低于安全库存 10' },
    ]);
  });

  it('answers 404 for an unknown alert and 400 for a malformed id', async () => {
    const client = await server.as('op-li');
    await expect(client.alerts.acknowledge('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      status: 404,
    });
    await expect(client.alerts.acknowledge('not-a-uuid')).rejects.toMatchObject({ status: 400 });
  });

  it('lists alerts newest first with filters and a cursor', async () => {
    for (const [n, code] of ['AL-LIST-1', 'AL-LIST-2', 'AL-LIST-3'].entries()) {
      await addItem(server.database.db, code, { safetyStock: 10 });
      await receive(server, [{ item: code, qty: 10 }]);
      server.clock.advance(1000 * (n + 1));
      await issue(code, 5);
    }
    await receive(server, [{ item: 'AL-LIST-2', qty: 5 }]);
    const client = await server.as('admin');
    const all: Alert[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.alerts.listPage({ limit: 2, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    const times = all.map((a) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const resolved = await client.alerts.listPage({ status: 'resolved', limit: 500 });
    expect(resolved.items.length).toBeGreaterThan(0);
    expect(resolved.items.every((a) => a.status === 'resolved')).toBe(true);
    expect(resolved.items.map((a) => a.subject.id)).toContain('AL-LIST-2');
    const listed = all.map((a) => a.subject.id).filter((id) => id.startsWith('AL-LIST-'));
    expect(listed).toEqual(['AL-LIST-3', 'AL-LIST-2', 'AL-LIST-1']);
  });
});
