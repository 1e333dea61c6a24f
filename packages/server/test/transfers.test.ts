import { randomUUID } from 'node:crypto';
import type { Transfer } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, movementCount, ORG, onHand, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { call, codeOf } from './transfer-helpers.js';

describe.each(backends())('transfers (调拨) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  const transfer = (userId: string, lines: unknown[], key?: string) =>
    call<Transfer & Record<string, unknown>>(server, userId, 'POST', '/transfers', { lines }, key);

  it('posts a transfer inside one warehouse at once for its storekeeper: one movement pair, the lot kept', async () => {
    await addItem(server.database.db, 'TR-IN');
    await receive(server, [{ item: 'TR-IN', qty: 10, lot: 'L-TR-IN-1' }]);
    const made = await transfer('sk-sun', [
      { item: 'TR-IN', qty: 4, from: 'RM-A01', to: 'RM-A02', lot: 'L-TR-IN-1' },
    ]);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      status: 'posted',
      fromWarehouse: 'WH-RM',
      toWarehouse: 'WH-RM',
      requester: 'sk-sun',
      requesterName: '孙仓管',
      decidedBy: 'sk-sun',
      lines: [{ line: 0, item: 'TR-IN', qty: 4, from: 'RM-A01', to: 'RM-A02', lot: 'L-TR-IN-1' }],
    });
    expect(made.body.no).toMatch(/^TR-\d{8}-\d{6}$/);
    expect(await onHand(server, 'TR-IN', 'RM-A01')).toBe(6);
    expect(await onHand(server, 'TR-IN', 'RM-A02')).toBe(4);
    const moves = await server.database.db
      .selectFrom('stock_movements')
      .select(['kind', 'location', 'lot', 'qty', 'source_type', 'source_id'])
      .where('org_id', '=', ORG)
      .where('item', '=', 'TR-IN')
      .where('kind', '=', 'transfer')
      .orderBy('qty')
      .execute();
    expect(moves.map((m) => ({ ...m, qty: Number(m.qty) }))).toEqual([
      {
        kind: 'transfer',
        location: 'RM-A01',
        lot: 'L-TR-IN-1',
        qty: -4,
        source_type: 'transfer',
        source_id: made.body.id,
      },
      {
        kind: 'transfer',
        location: 'RM-A02',
        lot: 'L-TR-IN-1',
        qty: 4,
        source_type: 'transfer',
        source_id: made.body.id,
      },
    ]);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });

  it('refuses a transfer that would take stock below zero with 409 insufficient-stock, keeping nothing', async () => {
    await addItem(server.database.db, 'TR-SHORT');
    await receive(server, [{ item: 'TR-SHORT', qty: 3 }]);
    const refused = await transfer('sk-sun', [{ item: 'TR-SHORT', qty: 5, from: 'RM-A01', to: 'RM-A02' }]);
    expect(refused.status).toBe(409);
    expect(codeOf(refused)).toBe('insufficient-stock');
    expect(refused.body.detail).toBe(
      'not enough TR-SHORT at RM-A01: 3 on hand, 5 needed; nothing was posted',
    );
    expect(refused.body.params).toMatchObject({
      item: 'TR-SHORT',
      location: 'RM-A01',
      available: 3,
      needed: 5,
    });
    const kept = await server.database.db
      .selectFrom('transfer_lines')
      .select('transfer_id')
      .where('item', '=', 'TR-SHORT')
      .execute();
    expect(kept).toEqual([]);
    expect(await movementCount(server, 'TR-SHORT')).toBe(1);
  });

  it('waits across warehouses for a storekeeper of the receiving warehouse who is not the requester', async () => {
    await addItem(server.database.db, 'TR-X');
    await receive(server, [{ item: 'TR-X', qty: 20, lot: 'L-TR-X' }]);
    const made = await transfer('sk-sun', [
      { item: 'TR-X', qty: 8, from: 'RM-A01', to: 'FG-01', lot: 'L-TR-X' },
    ]);
    expect(made.body).toMatchObject({ status: 'pending', fromWarehouse: 'WH-RM', toWarehouse: 'WH-FG' });
    expect(await onHand(server, 'TR-X', 'RM-A01')).toBe(20);
    const path = `/transfers/${made.body.id}/approve`;

    const own = await call(server, 'sk-sun', 'POST', path, {});
    expect([own.status, codeOf(own)]).toEqual([403, 'own-request']);
    // An approver of the receiving warehouse is not its storekeeper.
    const approver = await call(server, 'ap-qian', 'POST', path, {});
    expect(approver.status).toBe(403);
    const sending = await call(server, 'ap-zhao', 'POST', path, {});
    expect(sending.status).toBe(403);

    const approved = await call<Transfer>(server, 'sk-fg', 'POST', path, { comment: '已收货' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'posted',
      decidedBy: 'sk-fg',
      decidedByName: '吴仓管',
      decisionComment: '已收货',
    });
    expect(await onHand(server, 'TR-X', 'RM-A01')).toBe(12);
    expect(await onHand(server, 'TR-X', 'FG-01')).toBe(8);
    const balances = await (await server.as('admin')).stock.balancesPage({ item: 'TR-X' });
    expect(balances.items.filter((b) => b.location === 'FG-01').map((b) => b.lot)).toEqual(['L-TR-X']);

    const again = await call(server, 'admin', 'POST', path, {});
    expect([again.status, codeOf(again)]).toEqual([409, 'transfer-not-pending']);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });

  it('checks stock when approving: 409 insufficient-stock leaves the transfer pending and nothing moved', async () => {
    await addItem(server.database.db, 'TR-LATE');
    await receive(server, [{ item: 'TR-LATE', qty: 5 }]);
    const made = await transfer('sk-sun', [{ item: 'TR-LATE', qty: 5, from: 'RM-A01', to: 'FG-01' }]);
    // The stock leaves meanwhile by another transfer inside the warehouse.
    await transfer('sk-sun', [{ item: 'TR-LATE', qty: 3, from: 'RM-A01', to: 'RM-A02' }]);
    const refused = await call(server, 'sk-fg', 'POST', `/transfers/${made.body.id}/approve`, {});
    expect([refused.status, codeOf(refused)]).toEqual([409, 'insufficient-stock']);
    const still = await call<Transfer>(server, 'sk-fg', 'GET', `/transfers/${made.body.id}`);
    expect(still.body.status).toBe('pending');
    expect(await onHand(server, 'TR-LATE', 'FG-01')).toBe(0);

    const rejected = await call<Transfer>(server, 'sk-fg', 'POST', `/transfers/${made.body.id}/reject`, {
      comment: '库存已调走',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionComment: '库存已调走' });
    expect(await onHand(server, 'TR-LATE', 'RM-A01')).toBe(2);
  });

  it('sends a planner’s transfer inside one warehouse to its storekeeper', async () => {
    await addItem(server.database.db, 'TR-PL');
    await receive(server, [{ item: 'TR-PL', qty: 6 }]);
    const made = await transfer('pl-zhou', [{ item: 'TR-PL', qty: 6, from: 'RM-A01', to: 'RM-A02' }]);
    expect(made.body.status).toBe('pending');
    // A storekeeper of another warehouse does not even see it; an approver of it sees it but does not post it.
    const outOfScope = await call(server, 'sk-fg', 'POST', `/transfers/${made.body.id}/approve`, {});
    expect([outOfScope.status, codeOf(outOfScope)]).toEqual([404, 'transfer-not-found']);
    const approver = await call(server, 'ap-zhao', 'POST', `/transfers/${made.body.id}/approve`, {});
    expect(approver.status).toBe(403);
    const approved = await call<Transfer>(server, 'sk-sun', 'POST', `/transfers/${made.body.id}/approve`, {});
    expect(approved.body.status).toBe('posted');
    expect(await onHand(server, 'TR-PL', 'RM-A02')).toBe(6);
  });

  it('applies a retried transfer once under one Idempotency-Key', async () => {
    await addItem(server.database.db, 'TR-IDEM');
    await receive(server, [{ item: 'TR-IDEM', qty: 9 }]);
    const key = randomUUID();
    const lines = [{ item: 'TR-IDEM', qty: 2, from: 'RM-A01', to: 'RM-A02' }];
    const first = await transfer('sk-sun', lines, key);
    const second = await transfer('sk-sun', lines, key);
    expect(second.status).toBe(201);
    expect(second.headers.get('Idempotency-Replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(await onHand(server, 'TR-IDEM', 'RM-A01')).toBe(7);
    expect(await movementCount(server, 'TR-IDEM')).toBe(3);
  });

  it('names the field at fault: the same location twice, two receiving warehouses, an unknown location', async () => {
    await addItem(server.database.db, 'TR-BAD');
    const same = await transfer('sk-sun', [{ item: 'TR-BAD', qty: 1, from: 'RM-A01', to: 'RM-A01' }]);
    expect(same.status).toBe(400);
    expect(same.body.errors).toEqual([
      { path: 'lines.0.to', message: "'to' is the same location as 'from' (RM-A01)" },
    ]);
    const two = await transfer('sk-sun', [
      { item: 'TR-BAD', qty: 1, from: 'RM-A01', to: 'RM-A02' },
      { item: 'TR-BAD', qty: 1, from: 'RM-A01', to: 'FG-01' },
    ]);
    expect(two.status).toBe(400);
    expect(two.body.errors).toEqual([
      {
        path: 'lines.1.to',
        message: "location FG-01 is in warehouse WH-FG; every 'to' of a transfer must be in WH-RM",
      },
    ]);
    const unknown = await transfer('sk-sun', [{ item: 'TR-BAD', qty: 1, from: 'NOWHERE', to: 'RM-A02' }]);
    expect(unknown.body.errors).toEqual([{ path: 'lines.0.from', message: 'unknown location NOWHERE' }]);
  });

  it('keeps operators out and shows each person the transfers of their warehouses, by status and warehouse', async () => {
    await addItem(server.database.db, 'TR-LIST');
    await receive(server, [{ item: 'TR-LIST', qty: 10 }]);
    const operator = await transfer('op-li', [{ item: 'TR-LIST', qty: 1, from: 'RM-A01', to: 'RM-A02' }]);
    expect(operator.status).toBe(403);
    const pending = await transfer('sk-sun', [{ item: 'TR-LIST', qty: 1, from: 'RM-A01', to: 'FG-01' }]);
    const inside = await transfer('sk-sun', [{ item: 'TR-LIST', qty: 1, from: 'RM-A01', to: 'RM-A02' }]);

    const ids = async (userId: string, query: string) =>
      (await call<{ items: Transfer[] }>(server, userId, 'GET', `/transfers${query}`)).body.items.map(
        (t) => t.id,
      );
    expect(await ids('sk-fg', '?status=pending&limit=500')).toContain(pending.body.id);
    expect(await ids('sk-fg', '?limit=500')).not.toContain(inside.body.id);
    expect(await ids('admin', '?warehouse=WH-FG&limit=500')).toContain(pending.body.id);
    expect(await ids('admin', '?warehouse=WH-FG&limit=500')).not.toContain(inside.body.id);
    expect(await ids('admin', '?status=posted&limit=500')).toContain(inside.body.id);
    expect(await ids('op-li', '?limit=500')).toEqual([]);
    const hidden = await call(server, 'op-li', 'GET', `/transfers/${pending.body.id}`);
    expect([hidden.status, codeOf(hidden)]).toEqual([404, 'transfer-not-found']);

    const page1 = await call<{ items: Transfer[]; nextCursor?: string }>(
      server,
      'admin',
      'GET',
      '/transfers?limit=1',
    );
    expect(page1.body.items).toHaveLength(1);
    const page2 = await call<{ items: Transfer[] }>(
      server,
      'admin',
      'GET',
      `/transfers?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor!)}`,
    );
    expect(page2.body.items[0]!.id).not.toBe(page1.body.items[0]!.id);
  });
});
