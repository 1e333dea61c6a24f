import {
  ConflictError,
  ForbiddenError,
  type IssueRequest,
  NotFoundError,
  ValidationError,
} from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, movementCount, ORG, onHand, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('issue requests (领料申请) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  const requestAs = async (
    userId: string,
    item: string,
    qty: number,
    extra: { kind?: 'issue' | 'return' | 'scrap'; location?: string; warehouse?: string } = {},
  ): Promise<IssueRequest> =>
    (await server.as(userId)).issueRequests.create({
      kind: extra.kind ?? 'issue',
      warehouse: extra.warehouse ?? 'WH-RM',
      lines: [{ item, qty, location: extra.location ?? 'RM-A01' }],
    });

  it('names the warehouse beside its code, in the answer and in the list', async () => {
    await addItem(server.database.db, 'IR-NAMED');
    await receive(server, [{ item: 'IR-NAMED', qty: 5 }]);
    const request = await requestAs('op-li', 'IR-NAMED', 1);
    expect(request).toMatchObject({ warehouse: 'WH-RM', warehouseName: '原材料仓' });
    const listed = await (await server.as('ap-zhao')).issueRequests.listPage({ limit: 500 });
    expect(listed.items.find((r) => r.id === request.id)?.warehouseName).toBe('原材料仓');
  });

  it('approves a request in full: the stock leaves the location and the ledger names the request', async () => {
    await addItem(server.database.db, 'IR-FULL');
    await receive(server, [{ item: 'IR-FULL', qty: 100 }]);
    const request = await requestAs('op-li', 'IR-FULL', 30);
    expect(request).toMatchObject({
      status: 'pending',
      requester: 'op-li',
      requesterName: '李师傅',
      kind: 'issue',
    });

    const approved = await (await server.as('ap-zhao')).issueRequests.approve(request.id, {
      comment: '同意',
    });
    expect(approved.status).toBe('approved');
    expect(approved.lines[0]!.approvedQty).toBe(30);
    expect(approved.approvals).toMatchObject([
      { approver: 'ap-zhao', approverName: '赵主管', decision: 'approved', comment: '同意' },
    ]);
    expect(await onHand(server, 'IR-FULL')).toBe(70);

    const movements = await (await server.as('admin')).stock.movementsPage({
      item: 'IR-FULL',
      kind: 'issue',
    });
    expect(movements.items).toMatchObject([
      {
        qty: -30,
        warehouse: 'WH-RM',
        location: 'RM-A01',
        sourceDocument: { type: 'issue-request', id: request.id },
        by: 'ap-zhao',
      },
    ]);
  });

  it('approves part of a request: partially-approved, only the approved quantity moves', async () => {
    await addItem(server.database.db, 'IR-PART');
    await receive(server, [{ item: 'IR-PART', qty: 50 }]);
    const request = await (await server.as('pl-zhou')).issueRequests.create({
      warehouse: 'WH-RM',
      lines: [
        { item: 'IR-PART', qty: 20, location: 'RM-A01' },
        { item: 'IR-PART', qty: 10, location: 'RM-A01' },
      ],
    });
    const decided = await (await server.as('ap-zhao')).issueRequests.approve(request.id, {
      lines: [{ line: 0, qty: 12 }],
    });
    expect(decided.status).toBe('partially-approved');
    expect(decided.lines.map((l) => l.approvedQty)).toEqual([12, 10]);
    expect(await onHand(server, 'IR-PART')).toBe(28);
  });

  it('refuses to approve more than was requested, naming the line', async () => {
    await addItem(server.database.db, 'IR-OVER');
    await receive(server, [{ item: 'IR-OVER', qty: 50 }]);
    const request = await requestAs('op-li', 'IR-OVER', 5);
    const error = await (await server.as('ap-zhao')).issueRequests
      .approve(request.id, { lines: [{ line: 0, qty: 6 }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors[0].path).toBe('lines.0.qty');
    expect(await onHand(server, 'IR-OVER')).toBe(50);
  });

  it("refuses to approve a quantity finer than the item's precision, naming the line; nothing moves", async () => {
    await addItem(server.database.db, 'IR-WHOLE', { precision: 0 });
    await receive(server, [{ item: 'IR-WHOLE', qty: 10 }]);
    const request = await (await server.as('op-li')).issueRequests.create({
      warehouse: 'WH-RM',
      lines: [
        { item: 'IR-WHOLE', qty: 4, location: 'RM-A01' },
        { item: 'IR-WHOLE', qty: 3, location: 'RM-A01' },
      ],
    });
    const approver = await server.as('ap-zhao');
    const error = await approver.issueRequests
      .approve(request.id, { lines: [{ line: 1, qty: 2.5 }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual([
      { path: 'lines.0.qty', message: 'IR-WHOLE is counted in pcs with at most 0 decimal places, got 2.5' },
    ]);
    expect(await onHand(server, 'IR-WHOLE')).toBe(10);
    expect((await approver.issueRequests.get(request.id)).status).toBe('pending');
  });

  it('approves float noise as the decimal it stands for: 0.1 + 0.2 moves and stores 0.3', async () => {
    await addItem(server.database.db, 'IR-NOISE', { precision: 2 });
    await receive(server, [{ item: 'IR-NOISE', qty: 5 }]);
    // 0.1 + 0.2 requested and approved as a client computes them.
    const request = await requestAs('op-li', 'IR-NOISE', 0.1 + 0.2 + 0.1);
    expect(request.lines[0]!.qty).toBe(0.4);
    const approved = await (await server.as('ap-zhao')).issueRequests.approve(request.id, {
      lines: [{ line: 0, qty: 0.1 + 0.2 }],
    });
    expect(approved).toMatchObject({ status: 'partially-approved', lines: [{ approvedQty: 0.3 }] });
    const line = await server.database.db
      .selectFrom('issue_request_lines')
      .select(['qty', 'approved_qty'])
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect([String(line.qty), String(line.approved_qty)]).toEqual(['0.4', '0.3']);
    const movement = await server.database.db
      .selectFrom('stock_movements')
      .select('qty')
      .where('source_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(String(movement.qty)).toBe('-0.3');
    expect(await onHand(server, 'IR-NOISE')).toBe(4.7);
  });

  it('refuses to return an item into a lot of another item (409 lot-item-mismatch): nothing moves', async () => {
    await addItem(server.database.db, 'IR-LOT-A');
    await addItem(server.database.db, 'IR-LOT-B');
    await receive(server, [{ item: 'IR-LOT-A', qty: 10, lot: 'L-IR-A' }]);
    const requester = await server.as('op-li');
    const asked = (item: string, lot: string) =>
      requester.issueRequests.create({
        kind: 'return',
        warehouse: 'WH-RM',
        lines: [{ item, qty: 2, location: 'RM-A01', lot }],
      });
    // Known at the request: refused there.
    const early = await asked('IR-LOT-B', 'L-IR-A').catch((e) => e);
    expect(early).toBeInstanceOf(ConflictError);
    expect(early.problem).toMatchObject({
      type: '/problems/lot-item-mismatch',
      params: { lot: 'L-IR-A', item: 'IR-LOT-B', expected: 'IR-LOT-A' },
    });
    // A lot nobody knew at the request, received as another item before the approval.
    const request = await asked('IR-LOT-B', 'L-IR-LATE');
    await receive(server, [{ item: 'IR-LOT-A', qty: 1, lot: 'L-IR-LATE' }]);
    const approver = await server.as('ap-zhao');
    const late = await approver.issueRequests.approve(request.id).catch((e) => e);
    expect(late).toBeInstanceOf(ConflictError);
    expect(late.problem.params).toEqual({ lot: 'L-IR-LATE', item: 'IR-LOT-B', expected: 'IR-LOT-A' });
    expect(await movementCount(server, 'IR-LOT-B')).toBe(0);
    expect((await approver.issueRequests.get(request.id)).status).toBe('pending');
    // A return into a new lot makes the lot known as the returned item's.
    const fresh = await asked('IR-LOT-B', 'L-IR-B');
    await approver.issueRequests.approve(fresh.id);
    const lot = await server.database.db
      .selectFrom('lots')
      .select('item')
      .where('code', '=', 'L-IR-B')
      .executeTakeFirstOrThrow();
    expect(lot.item).toBe('IR-LOT-B');
    const mixed = await receive(server, [{ item: 'IR-LOT-A', qty: 1, lot: 'L-IR-B' }]).catch((e) => e);
    expect(mixed).toBeInstanceOf(ConflictError);
  });

  it('rejects a request with a comment; nothing moves and it cannot be approved afterwards', async () => {
    await addItem(server.database.db, 'IR-REJ');
    await receive(server, [{ item: 'IR-REJ', qty: 10 }]);
    const request = await requestAs('op-li', 'IR-REJ', 4);
    const approver = await server.as('ap-zhao');
    const rejected = await approver.issueRequests.reject(request.id, { comment: '先用完线边库存' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.approvals).toMatchObject([
      { decision: 'rejected', comment: '先用完线边库存', lines: [] },
    ]);
    await expect(approver.issueRequests.approve(request.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await onHand(server, 'IR-REJ')).toBe(10);
  });

  it("forbids approving one's own request, even for one's own warehouse", async () => {
    await addItem(server.database.db, 'IR-OWN');
    await receive(server, [{ item: 'IR-OWN', qty: 10 }]);
    const request = await requestAs('sk-sun', 'IR-OWN', 2);
    const admin = await server.as('admin');
    await admin.request({ method: 'GET', path: `/issue-requests/${request.id}` });
    const own = await requestAs('admin', 'IR-OWN', 1);
    const error = await admin.issueRequests.approve(own.id).catch((e) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.problem.detail).toBe('you cannot approve your own request');
    expect(error.problem.type).toBe('/problems/own-request');
    expect(error.problem.params).toEqual({ verb: 'approve' });
    expect((await admin.issueRequests.get(own.id)).status).toBe('pending');
  });

  it("forbids approving for a warehouse outside the approver's scope", async () => {
    await addItem(server.database.db, 'IR-SCOPE');
    await receive(server, [{ item: 'IR-SCOPE', qty: 10 }]);
    const request = await requestAs('op-li', 'IR-SCOPE', 2);
    // 钱主管 approves for WH-FG only.
    await expect((await server.as('ap-qian')).issueRequests.approve(request.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // An operator cannot approve at all.
    await expect((await server.as('op-wang')).issueRequests.approve(request.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await onHand(server, 'IR-SCOPE')).toBe(10);
  });

  it('lets storekeepers approve and reject for the warehouses they keep, never their own requests', async () => {
    await addItem(server.database.db, 'IR-SK');
    await receive(server, [{ item: 'IR-SK', qty: 20 }]);
    const keeper = await server.as('sk-sun'); // 孙仓管 keeps WH-RM and WH-FG
    const awaiting = async () =>
      (await keeper.issueRequests.listPage({ awaitingMe: true, limit: 500 })).items.map((r) => r.id);

    const first = await requestAs('op-li', 'IR-SK', 5);
    expect(await awaiting()).toContain(first.id);
    const approved = await keeper.issueRequests.approve(first.id, { comment: '已备料' });
    expect(approved).toMatchObject({ status: 'approved' });
    expect(approved.approvals).toMatchObject([
      { approver: 'sk-sun', decision: 'approved', comment: '已备料' },
    ]);
    expect(await onHand(server, 'IR-SK')).toBe(15);

    const second = await requestAs('op-li', 'IR-SK', 2);
    // 吴仓管 keeps WH-FG only: the WH-RM request is not his to see or to decide.
    await expect((await server.as('sk-fg')).issueRequests.approve(second.id)).rejects.toMatchObject({
      status: 404,
    });
    const rejected = await keeper.issueRequests.reject(second.id, { comment: '库存留给急单' });
    expect(rejected).toMatchObject({ status: 'rejected', approvals: [{ approver: 'sk-sun' }] });

    const own = await requestAs('sk-sun', 'IR-SK', 1);
    expect(await awaiting()).not.toContain(own.id);
    const error = await keeper.issueRequests.approve(own.id).catch((e) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.problem.detail).toBe('you cannot approve your own request');
    await expect(keeper.issueRequests.reject(own.id, { comment: '自己' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await keeper.issueRequests.get(own.id)).status).toBe('pending');
    expect(await onHand(server, 'IR-SK')).toBe(15);
  });

  it('answers 409 insufficient-stock when the approval would go below zero: nothing posted, still pending', async () => {
    await addItem(server.database.db, 'IR-SHORT');
    await receive(server, [{ item: 'IR-SHORT', qty: 5 }]);
    const request = await requestAs('op-li', 'IR-SHORT', 8);
    const before = await movementCount(server, 'IR-SHORT');
    const error = await (await server.as('ap-zhao')).issueRequests.approve(request.id).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.problem).toMatchObject({ type: '/problems/insufficient-stock', status: 409 });
    expect(error.problem.detail).toContain('5 on hand, 8 needed');
    expect(error.problem.params).toMatchObject({ item: 'IR-SHORT', available: 5, needed: 8 });
    const after = await (await server.as('op-li')).issueRequests.get(request.id);
    expect(after.status).toBe('pending');
    expect(after.approvals).toEqual([]);
    expect(await movementCount(server, 'IR-SHORT')).toBe(before);
    expect(await onHand(server, 'IR-SHORT')).toBe(5);
  });

  it('takes a return (退料) back into the location and writes scrap (报损) off it', async () => {
    await addItem(server.database.db, 'IR-RS');
    await receive(server, [{ item: 'IR-RS', qty: 20 }]);
    const approver = await server.as('ap-zhao');
    await approver.issueRequests.approve(
      (await requestAs('op-li', 'IR-RS', 3, { kind: 'return', location: 'RM-A02' })).id,
    );
    await approver.issueRequests.approve((await requestAs('op-li', 'IR-RS', 4, { kind: 'scrap' })).id);
    expect(await onHand(server, 'IR-RS', 'RM-A02')).toBe(3);
    expect(await onHand(server, 'IR-RS', 'RM-A01')).toBe(16);
    const kinds = (await (await server.as('admin')).stock.movementsPage({ item: 'IR-RS' })).items.map((m) => [
      m.kind,
      m.qty,
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['return', 3],
        ['scrap', -4],
        ['receipt', 20],
      ]),
    );
  });

  it('lets the requester cancel a pending request, and nobody else', async () => {
    await addItem(server.database.db, 'IR-CANCEL');
    const request = await requestAs('op-li', 'IR-CANCEL', 1);
    const path = `/issue-requests/${request.id}/cancel`;
    await expect((await server.as('ap-zhao')).request({ method: 'POST', path })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const cancelled = await (await server.as('op-li')).request<IssueRequest>({ method: 'POST', path });
    expect(cancelled.status).toBe('cancelled');
    await expect((await server.as('op-li')).request({ method: 'POST', path })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('refuses a line whose location is in another warehouse', async () => {
    await addItem(server.database.db, 'IR-LOC');
    const error = await requestAs('op-li', 'IR-LOC', 1, { location: 'FG-01' }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual([
      { path: 'lines.0.location', message: 'location FG-01 is in warehouse WH-FG, not WH-RM' },
    ]);
  });

  it('shows requests to their requester and to approvers of their warehouse only', async () => {
    await addItem(server.database.db, 'IR-SEE');
    const request = await requestAs('op-wang', 'IR-SEE', 1);
    const ids = async (userId: string, query = {}) =>
      (await (await server.as(userId)).issueRequests.listPage({ limit: 500, ...query })).items.map(
        (r) => r.id,
      );
    expect(await ids('op-wang', { mine: true })).toContain(request.id);
    expect(await ids('ap-zhao', { awaitingMe: true })).toContain(request.id);
    expect(await ids('ap-qian', { warehouse: 'WH-RM' })).toContain(request.id); // 钱主管 is also a planner
    expect(await ids('op-li')).not.toContain(request.id);
    await expect((await server.as('op-li')).issueRequests.get(request.id)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('pages the list with a cursor, newest first, without gaps or repeats', async () => {
    await addItem(server.database.db, 'IR-PAGE');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      server.clock.advance(1000);
      made.push((await requestAs('op-wang', 'IR-PAGE', 1)).id);
    }
    const client = await server.as('op-wang');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.issueRequests.listPage({
        mine: true,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => made.includes(id))).toEqual([...made].reverse());
  });

  describe('against the BOM requirement of a work order', () => {
    it('answers the requirement and what was already issued, per line', async () => {
      await receive(server, [
        { item: 'LEG', qty: 500 },
        { item: 'SCREW', qty: 5000 },
        { item: 'BOARD', qty: 300 },
      ]);
      const request = await (await server.as('op-li')).issueRequests.create({
        warehouse: 'WH-RM',
        workOrderNo: 'WO-STK-1',
        lines: [
          { item: 'LEG', qty: 40, location: 'RM-A01' },
          { item: 'SCREW', qty: 100, location: 'RM-A01' },
          { item: 'BOARD', qty: 12, location: 'RM-A01' },
        ],
      });
      // 10 tables: 4 legs, 1.2 m² of board and (through the phantom kit) 16 screws each.
      expect(request.lines.map((l) => [l.item, l.bomRequirement, l.alreadyIssued])).toEqual([
        ['LEG', 40, 0],
        ['SCREW', 160, 0],
        ['BOARD', 12, 0],
      ]);
      await (await server.as('ap-zhao')).issueRequests.approve(request.id);

      const next = await (await server.as('op-li')).issueRequests.create({
        warehouse: 'WH-RM',
        workOrderNo: 'WO-STK-1',
        lines: [{ item: 'SCREW', qty: 60, location: 'RM-A01' }],
      });
      expect(next.lines[0]).toMatchObject({ bomRequirement: 160, alreadyIssued: 100 });
    });

    it('needs a reason for a line above the remaining requirement, and says the numbers', async () => {
      const client = await server.as('op-li');
      const error = await client.issueRequests
        .create({
          warehouse: 'WH-RM',
          workOrderNo: 'WO-STK-2',
          lines: [{ item: 'LEG', qty: 45, location: 'RM-A01' }],
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.errors).toHaveLength(1);
      expect(error.errors[0].path).toBe('lines.0.reason');
      expect(error.errors[0].message).toContain('requirement 40, already issued 0');
      expect(error.errors[0].message).toContain('remaining 40');

      const withReason = await client.issueRequests.create({
        warehouse: 'WH-RM',
        workOrderNo: 'WO-STK-2',
        lines: [{ item: 'LEG', qty: 45, location: 'RM-A01', reason: '5 条桌腿开裂，补领' }],
      });
      expect(withReason.lines[0]).toMatchObject({ reason: '5 条桌腿开裂，补领', bomRequirement: 40 });
    });

    it('counts approved returns against what was issued, and earlier lines of the same request', async () => {
      const operator = await server.as('op-li');
      const approver = await server.as('ap-zhao');
      const base = { warehouse: 'WH-RM', workOrderNo: 'WO-STK-3' };
      await approver.issueRequests.approve(
        (
          await operator.issueRequests.create({
            ...base,
            lines: [{ item: 'LEG', qty: 40, location: 'RM-A01' }],
          })
        ).id,
      );
      await approver.issueRequests.approve(
        (
          await operator.issueRequests.create({
            ...base,
            kind: 'return',
            lines: [{ item: 'LEG', qty: 6, location: 'RM-A01' }],
          })
        ).id,
      );
      const split = await operator.issueRequests
        .create({
          ...base,
          lines: [
            { item: 'LEG', qty: 4, location: 'RM-A01' },
            { item: 'LEG', qty: 3, location: 'RM-A02' },
          ],
        })
        .catch((e) => e);
      expect(split).toBeInstanceOf(ValidationError);
      expect(split.errors.map((e: { path: string }) => e.path)).toEqual(['lines.1.reason']);
      const ok = await operator.issueRequests.create({
        ...base,
        lines: [{ item: 'LEG', qty: 6, location: 'RM-A01' }],
      });
      expect(ok.lines[0]).toMatchObject({ bomRequirement: 40, alreadyIssued: 34 });
    });

    it('lists the materials of a work order: required, issued, remaining and the stock per warehouse', async () => {
      const materials = await (await server.as('op-li')).workOrders.materials('WO-STK-1');
      expect(materials).toMatchObject({ workOrderNo: 'WO-STK-1', item: 'TABLE', qty: 10 });
      const byItem = new Map(materials.lines.map((line) => [line.item, line]));
      // The phantom kit passes its screws through; the first request of WO-STK-1 was approved.
      expect([...byItem.keys()].sort()).toEqual(['BOARD', 'LEG', 'SCREW']);
      expect(byItem.get('SCREW')).toMatchObject({ required: 160, issued: 100, remaining: 60, type: 'buy' });
      expect(byItem.get('LEG')).toMatchObject({ required: 40, issued: 40, remaining: 0, name: '实木桌腿' });
      const balances = (await (await server.as('admin')).stock.balancesPage({ item: 'LEG', limit: 500 }))
        .items;
      const perWarehouse = new Map<string, number>();
      for (const b of balances) perWarehouse.set(b.warehouse, (perWarehouse.get(b.warehouse) ?? 0) + b.qty);
      expect(byItem.get('LEG')!.onHand).toEqual(
        [...perWarehouse].filter(([, q]) => q > 0).map(([warehouse, qty]) => ({ warehouse, qty })),
      );
    });

    it('answers 404 for the materials of an unknown work order and 403 outside the operator’s workshops', async () => {
      await expect((await server.as('op-li')).workOrders.materials('WO-NOPE')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect((await server.as('op-wang')).workOrders.materials('WO-STK-1')).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    });

    it('refuses to issue to a work order that is not released', async () => {
      const error = await (await server.as('op-li')).issueRequests
        .create({
          warehouse: 'WH-RM',
          workOrderNo: 'WO-STK-DRAFT',
          lines: [{ item: 'LEG', qty: 1, location: 'RM-A01' }],
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.problem.type).toBe('/problems/work-order-not-open');
    });
  });

  it('keeps the ledger and the balances in agreement after all of the above', async () => {
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });
});
