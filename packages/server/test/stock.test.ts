import { ConflictError, ForbiddenError, ValidationError } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../src/modules/stock/receipts.js';
import { addItem, movementCount, ORG, onHand, receiptBy, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('stock receipts, balances and movements on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  it('receives stock with a receipt document and answers its movements', async () => {
    await addItem(server.database.db, 'ST-RCV');
    const receipt = await receive(server, [
      { item: 'ST-RCV', qty: 120, lot: 'L-2611-01' },
      { item: 'ST-RCV', qty: 30, location: 'RM-A02' },
    ]);
    expect(receipt).toMatchObject({
      kind: 'purchase',
      warehouse: 'WH-RM',
      reference: 'PO-TEST',
      createdBy: 'sk-sun',
    });
    expect(receipt.no).toMatch(/^RC-20261125-\d{6}$/);
    expect(receipt.movements).toHaveLength(2);
    expect(receipt.movements.every((m) => m.kind === 'receipt' && m.sourceDocument.id === receipt.id)).toBe(
      true,
    );

    const balances = await (await server.as('op-li')).stock.balancesPage({ item: 'ST-RCV' });
    expect(balances.items).toEqual([
      expect.objectContaining({
        warehouse: 'WH-RM',
        location: 'RM-A01',
        lot: 'L-2611-01',
        qty: 120,
        uom: 'pcs',
        safetyStock: 0,
      }),
      expect.objectContaining({ warehouse: 'WH-RM', location: 'RM-A02', qty: 30 }),
    ]);
    expect(balances.items[1]!.lot).toBeUndefined();
  });

  it('receives a receipt once when its Idempotency-Key is repeated', async () => {
    await addItem(server.database.db, 'ST-IDEM');
    const client = await server.as('sk-sun');
    const send = () =>
      client.request<Receipt>({
        method: 'POST',
        path: '/stock/receipts',
        body: { lines: [{ item: 'ST-IDEM', qty: 5, location: 'RM-A01' }] },
        idempotencyKey: 'receipt-ST-IDEM-1',
      });
    const first = await send();
    const again = await send();
    expect(again.id).toBe(first.id);
    expect(await onHand(server, 'ST-IDEM')).toBe(5);
  });

  it('lets only storekeepers receive, and only into warehouses they keep', async () => {
    await addItem(server.database.db, 'ST-SCOPE');
    await expect(receiptBy(await server.as('op-li'), [{ item: 'ST-SCOPE', qty: 1 }])).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      receiptBy(await server.as('ap-zhao'), [{ item: 'ST-SCOPE', qty: 1 }]),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // 吴仓管 keeps WH-FG only.
    await expect(receiptBy(await server.as('sk-fg'), [{ item: 'ST-SCOPE', qty: 1 }])).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await receiptBy(await server.as('sk-fg'), [{ item: 'ST-SCOPE', qty: 1, location: 'FG-01' }]);
    expect(await onHand(server, 'ST-SCOPE', 'FG-01')).toBe(1);
    expect(await movementCount(server, 'ST-SCOPE')).toBe(1);
  });

  it('refuses bad receipt lines with field paths and writes nothing', async () => {
    await addItem(server.database.db, 'ST-BAD', { precision: 0 });
    const client = await server.as('sk-sun');
    const error = await receiptBy(client, [
      { item: 'NO-SUCH-ITEM', qty: 1 },
      { item: 'ST-BAD', qty: 1.5 },
      { item: 'ST-BAD', qty: 1, location: 'NOWHERE' },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors.map((e: { path: string }) => e.path)).toEqual([
      'lines.0.item',
      'lines.1.qty',
      'lines.2.location',
    ]);
    const mixed = await receiptBy(client, [
      { item: 'ST-BAD', qty: 1 },
      { item: 'ST-BAD', qty: 1, location: 'FG-01' },
    ]).catch((e) => e);
    expect(mixed).toBeInstanceOf(ValidationError);
    expect(await movementCount(server, 'ST-BAD')).toBe(0);
    const receipts = await server.database.db
      .selectFrom('stock_receipt_lines')
      .select('item')
      .where('item', '=', 'ST-BAD')
      .execute();
    expect(receipts).toEqual([]);
  });

  it('offers no route that moves stock without a document', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const writes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/stock'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'get')
          .map((m) => `${m} ${path}`),
      );
    expect(writes).toEqual(['post /stock/receipts']);
    const token = await server.token('admin');
    for (const path of ['/stock/movements', '/stock/balances']) {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ item: 'LEG', qty: 1000, location: 'RM-A01' }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('filters balances by warehouse, lot and safety stock', async () => {
    await addItem(server.database.db, 'ST-FLT', { safetyStock: 50 });
    await receive(server, [
      { item: 'ST-FLT', qty: 10, lot: 'LOT-A' },
      { item: 'ST-FLT', qty: 20, location: 'RM-A02' },
    ]);
    await receiptBy(await server.as('sk-sun'), [{ item: 'ST-FLT', qty: 5, location: 'FG-01' }]);
    const client = await server.as('pl-zhou');
    const fg = await client.stock.balancesPage({ item: 'ST-FLT', warehouse: 'WH-FG' });
    expect(fg.items.map((b) => b.location)).toEqual(['FG-01']);
    const lot = await client.stock.balancesPage({ lot: 'LOT-A' });
    expect(lot.items.map((b) => [b.item, b.qty])).toEqual([['ST-FLT', 10]]);
    const below = await client.stock.balancesPage({ belowSafetyStock: true, limit: 500 });
    expect(below.items.filter((b) => b.item === 'ST-FLT')).toHaveLength(3); // 35 in all < 50
    await receive(server, [{ item: 'ST-FLT', qty: 15 }]);
    const after = await client.stock.balancesPage({ belowSafetyStock: true, limit: 500 });
    expect(after.items.filter((b) => b.item === 'ST-FLT')).toEqual([]);
  });

  it('pages balances with a cursor without gaps or repeats', async () => {
    const codes = ['ST-PG-1', 'ST-PG-2', 'ST-PG-3'];
    for (const code of codes) await addItem(server.database.db, code);
    await receive(
      server,
      codes.flatMap((item) => [
        { item, qty: 1 },
        { item, qty: 2, location: 'RM-A02' },
      ]),
    );
    const client = await server.as('admin');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.stock.balancesPage({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((b) => `${b.item}@${b.location}#${b.lot ?? ''}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((k) => k.startsWith('ST-PG-'))).toHaveLength(6);
  });

  it('lists movements newest first, by kind and by day', async () => {
    await addItem(server.database.db, 'ST-MOV');
    // The day before and early on the test day: signed-in sessions stay valid across both.
    try {
      server.clock.set('2026-11-24T10:00:00+08:00');
      await receive(server, [{ item: 'ST-MOV', qty: 1 }]);
      server.clock.set('2026-11-25T00:30:00+08:00');
      await receive(server, [{ item: 'ST-MOV', qty: 2 }]);
    } finally {
      server.clock.set('2026-11-25T09:00:00+08:00');
    }
    const client = await server.as('admin');
    const all = await client.stock.movementsPage({ item: 'ST-MOV' });
    expect(all.items.map((m) => m.qty)).toEqual([2, 1]);
    expect(all.items[0]!.at).toBe('2026-11-25T00:30:00.000+08:00');
    const day = await client.stock.movementsPage({ item: 'ST-MOV', from: '2026-11-25', to: '2026-11-25' });
    expect(day.items.map((m) => m.qty)).toEqual([2]);
    const before = await client.stock.movementsPage({ item: 'ST-MOV', to: '2026-11-24' });
    expect(before.items.map((m) => m.qty)).toEqual([1]);
    const paged = await client.stock.movementsPage({ item: 'ST-MOV', limit: 1 });
    const rest = await client.stock.movementsPage({ item: 'ST-MOV', limit: 1, cursor: paged.nextCursor! });
    expect([...paged.items, ...rest.items].map((m) => m.qty)).toEqual([2, 1]);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers 400, never 500, for a cursor it did not give out', async () => {
    const token = await server.token('admin');
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const [path, cursor] of [
      ['/stock/movements', forged(['yesterday', '1'])],
      ['/stock/movements', forged(['2026-13-45 00:00:00+00', '1'])],
      ['/stock/balances', forged([1, 2, 3])],
      ['/alerts', forged(['2026-11-25 01:00:00+00', 'not-a-uuid'])],
      ['/issue-requests', 'garbage'],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1${path}?cursor=${cursor}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status, `${path} ${cursor}`).toBeLessThan(500);
    }
  });

  it('refuses to receive an item into a lot of another item (409 lot-item-mismatch): nothing posted', async () => {
    await addItem(server.database.db, 'ST-LOT-X');
    await addItem(server.database.db, 'ST-LOT-Y');
    await receive(server, [{ item: 'ST-LOT-Y', qty: 10, lot: 'L-ST-MIX' }]);
    const client = await server.as('sk-sun');
    const error = await receiptBy(client, [
      { item: 'ST-LOT-X', qty: 3 },
      { item: 'ST-LOT-X', qty: 5, lot: 'L-ST-MIX' },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.problem).toMatchObject({
      type: '/problems/lot-item-mismatch',
      detail: 'lot L-ST-MIX holds item ST-LOT-Y, not ST-LOT-X',
      params: { lot: 'L-ST-MIX', item: 'ST-LOT-X', expected: 'ST-LOT-Y' },
    });
    expect(await movementCount(server, 'ST-LOT-X')).toBe(0);
    const lines = await server.database.db
      .selectFrom('stock_receipt_lines')
      .select('item')
      .where('item', '=', 'ST-LOT-X')
      .execute();
    expect(lines).toEqual([]);
    const lot = await server.database.db
      .selectFrom('lots')
      .select('item')
      .where('code', '=', 'L-ST-MIX')
      .executeTakeFirstOrThrow();
    expect(lot.item).toBe('ST-LOT-Y');
    // One receipt naming one new lot as two items: a 400 on the line.
    const twice = await receiptBy(client, [
      { item: 'ST-LOT-Y', qty: 1, lot: 'L-ST-NEW' },
      { item: 'ST-LOT-X', qty: 1, lot: 'L-ST-NEW' },
    ]).catch((e) => e);
    expect(twice).toBeInstanceOf(ValidationError);
    expect(twice.errors).toEqual([{ path: 'lines.1.item', message: 'one lot, one item' }]);
    // More of the lot's own item is fine.
    await receive(server, [{ item: 'ST-LOT-Y', qty: 2, lot: 'L-ST-MIX' }]);
    expect(await onHand(server, 'ST-LOT-Y')).toBe(12);
  });

  it('receives float noise as the decimal it stands for and stores that (0.1 + 0.2 → 0.3)', async () => {
    await addItem(server.database.db, 'ST-NOISE', { precision: 0 });
    await addItem(server.database.db, 'ST-NOISE-2', { precision: 2 });
    const receipt = await receive(server, [
      { item: 'ST-NOISE', qty: 2.0000000000000004 },
      { item: 'ST-NOISE-2', qty: 0.1 + 0.2 },
    ]);
    expect(receipt.lines.map((l) => l.qty)).toEqual([2, 0.3]);
    const stored = await server.database.db
      .selectFrom('stock_receipt_lines')
      .select(['item', 'qty'])
      .where('receipt_id', '=', receipt.id)
      .orderBy('line_no')
      .execute();
    expect(stored.map((l) => String(l.qty))).toEqual(['2', '0.3']);
    const movements = await server.database.db
      .selectFrom('stock_movements')
      .select('qty')
      .where('source_id', '=', receipt.id)
      .orderBy('item')
      .execute();
    expect(movements.map((m) => String(m.qty))).toEqual(['2', '0.3']);
  });

  it('keeps exact decimals: 0.1 + 0.2 received is 0.3 on hand', async () => {
    await addItem(server.database.db, 'ST-DEC', { precision: 2 });
    await receive(server, [
      { item: 'ST-DEC', qty: 0.1 },
      { item: 'ST-DEC', qty: 0.2 },
    ]);
    expect(await onHand(server, 'ST-DEC')).toBe(0.3);
    const row = await server.database.db
      .selectFrom('stock_balances')
      .select('qty')
      .where('org_id', '=', ORG)
      .where('item', '=', 'ST-DEC')
      .executeTakeFirstOrThrow();
    expect(Number(row.qty)).toBe(0.3);
  });
});
