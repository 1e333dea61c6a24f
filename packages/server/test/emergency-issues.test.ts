import type { IssueRequest } from '@shopfloor/sdk';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { alertWords } from '../src/modules/alerts/words.js';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, movementCount, ORG, onHand, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { call, codeOf } from './transfer-helpers.js';

const HOUR = 3_600_000;

/** The stock fixtures plus 马主管, an operator who supervises 总装车间 (the workshop of WO-STK-*). */
async function seed(db: Kysely<Database>, config: ServerConfig) {
  await seedStock(db, config);
  await db
    .insertInto('users')
    .values({ org_id: ORG, id: 'sv-ma', name: '马主管', roles: ['operator'], workshops: ['WS-ASM'] })
    .execute();
  await db.updateTable('workshops').set({ supervisor: 'sv-ma' }).where('code', '=', 'WS-ASM').execute();
}

describe.each(backends())('emergency issues (紧急领料) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed, env: { SHOPFLOOR_EMERGENCY_APPROVAL_HOURS: '12' } });
  });
  afterAll(() => server?.close());

  const emergency = (userId: string, item: string, qty: number, extra: Record<string, unknown> = {}) =>
    call<IssueRequest & Record<string, unknown>>(server, userId, 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      emergency: true,
      lines: [{ item, qty, location: 'RM-A01' }],
      ...extra,
    });

  it('posts an emergency issue at once, flagged, and an approver other than the poster approves it afterwards', async () => {
    await addItem(server.database.db, 'EM-NOW');
    await receive(server, [{ item: 'EM-NOW', qty: 10 }]);
    const posted = await emergency('sk-sun', 'EM-NOW', 4, { comment: '产线停线' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'pending', emergency: true, requester: 'sk-sun' });
    expect(posted.body.postedAt).toBe(posted.body.createdAt);
    expect(await onHand(server, 'EM-NOW')).toBe(6);
    const moved = await (await server.as('admin')).stock.movementsPage({ item: 'EM-NOW', kind: 'issue' });
    expect(moved.items).toMatchObject([
      {
        qty: -4,
        location: 'RM-A01',
        sourceDocument: { type: 'issue-request', id: posted.body.id },
        by: 'sk-sun',
      },
    ]);

    const own = await call(server, 'sk-sun', 'POST', `/issue-requests/${posted.body.id}/approve`, {});
    expect([own.status, codeOf(own)]).toEqual([403, 'own-request']);
    const partly = await call(server, 'ap-zhao', 'POST', `/issue-requests/${posted.body.id}/approve`, {
      lines: [{ line: 0, qty: 1 }],
    });
    expect(partly.status).toBe(400);
    expect(partly.body.errors).toMatchObject([{ path: 'lines.0.qty' }]);

    const approved = await call<IssueRequest>(
      server,
      'ap-zhao',
      'POST',
      `/issue-requests/${posted.body.id}/approve`,
      {
        comment: '补批',
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', emergency: true, lines: [{ approvedQty: 4 }] });
    expect(approved.body.approvals).toMatchObject([
      { approver: 'ap-zhao', decision: 'approved', comment: '补批' },
    ]);
    // Approving afterwards moves nothing: the stock left when it was posted.
    expect(await onHand(server, 'EM-NOW')).toBe(6);
    expect(await movementCount(server, 'EM-NOW')).toBe(2);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });

  it('lets storekeepers of the warehouse, supervisors of the work order’s workshop and admins post one, nobody else', async () => {
    await receive(server, [{ item: 'LEG', qty: 100 }]);
    const byOperator = await emergency('op-li', 'LEG', 1, { workOrderNo: 'WO-STK-1' });
    expect([byOperator.status, codeOf(byOperator)]).toEqual([403, 'emergency-not-allowed']);
    expect(byOperator.body.params).toEqual({ warehouse: 'WH-RM', workOrderNo: 'WO-STK-1' });
    const otherWarehouse = await emergency('sk-fg', 'LEG', 1, { workOrderNo: 'WO-STK-1' });
    expect(otherWarehouse.status).toBe(403);
    const supervisorWithoutOrder = await emergency('sv-ma', 'LEG', 1);
    expect(supervisorWithoutOrder.status).toBe(403);

    const bySupervisor = await emergency('sv-ma', 'LEG', 8, { workOrderNo: 'WO-STK-1' });
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body).toMatchObject({
      emergency: true,
      workOrderNo: 'WO-STK-1',
      lines: [{ bomRequirement: 40 }],
    });
    const byAdmin = await emergency('admin', 'LEG', 2);
    expect(byAdmin.status).toBe(201);
    expect(await onHand(server, 'LEG')).toBe(90);
  });

  it('counts an emergency issue as issued to its work order, so a later request above the BOM needs a reason', async () => {
    // WO-STK-2 needs 40 legs; 36 went out in an emergency, unapproved yet.
    await receive(server, [{ item: 'LEG', qty: 50 }]);
    const posted = await emergency('sk-sun', 'LEG', 36, { workOrderNo: 'WO-STK-2' });
    expect(posted.status).toBe(201);
    const more = await call(server, 'op-li', 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      workOrderNo: 'WO-STK-2',
      lines: [{ item: 'LEG', qty: 8, location: 'RM-A01' }],
    });
    expect(more.status).toBe(400);
    expect(more.body.errors).toMatchObject([{ path: 'lines.0.reason' }]);
    const within = await call<IssueRequest>(server, 'op-li', 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      workOrderNo: 'WO-STK-2',
      lines: [{ item: 'LEG', qty: 4, location: 'RM-A01' }],
    });
    expect(within.body.lines[0]).toMatchObject({ alreadyIssued: 36, bomRequirement: 40 });
  });

  it('refuses an emergency short of stock (409, nothing kept), a return or a draft, and withdrawing one', async () => {
    await addItem(server.database.db, 'EM-SHORT');
    await receive(server, [{ item: 'EM-SHORT', qty: 2 }]);
    const short = await emergency('sk-sun', 'EM-SHORT', 3);
    expect([short.status, codeOf(short)]).toEqual([409, 'insufficient-stock']);
    const kept = await server.database.db
      .selectFrom('issue_request_lines')
      .select('request_id')
      .where('item', '=', 'EM-SHORT')
      .execute();
    expect(kept).toEqual([]);
    const asReturn = await emergency('sk-sun', 'EM-SHORT', 1, { kind: 'return' });
    expect(asReturn.status).toBe(400);
    expect(asReturn.body.errors).toMatchObject([{ path: 'emergency' }]);
    const asDraft = await emergency('sk-sun', 'EM-SHORT', 1, { submit: false });
    expect(asDraft.status).toBe(400);

    const posted = await emergency('sk-sun', 'EM-SHORT', 1);
    const cancel = await call(server, 'sk-sun', 'POST', `/issue-requests/${posted.body.id}/cancel`, {});
    expect([cancel.status, codeOf(cancel)]).toEqual([409, 'emergency-posted']);
    // Rejected afterwards: on record, and the material stays issued (it has left the shelf).
    const rejected = await call<IssueRequest>(
      server,
      'ap-zhao',
      'POST',
      `/issue-requests/${posted.body.id}/reject`,
      {
        comment: '不符合紧急条件',
      },
    );
    expect(rejected.body.status).toBe('rejected');
    expect(await onHand(server, 'EM-SHORT')).toBe(1);
  });

  it('lists the emergencies with ?emergency=true, and ordinary requests with ?emergency=false', async () => {
    await addItem(server.database.db, 'EM-LIST');
    await receive(server, [{ item: 'EM-LIST', qty: 5 }]);
    const urgent = await emergency('sk-sun', 'EM-LIST', 1);
    const ordinary = await call<IssueRequest>(server, 'op-li', 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      lines: [{ item: 'EM-LIST', qty: 1, location: 'RM-A01' }],
    });
    const ids = async (query: string) =>
      (
        await call<{ items: IssueRequest[] }>(server, 'ap-zhao', 'GET', `/issue-requests?limit=500&${query}`)
      ).body.items.map((r) => r.id);
    const emergencies = await ids('emergency=true');
    expect(emergencies).toContain(urgent.body.id);
    expect(emergencies).not.toContain(ordinary.body.id);
    expect(await ids('emergency=false')).toContain(ordinary.body.id);
    expect(await ids('emergency=false')).not.toContain(urgent.body.id);
    // It waits for the approver beside the ordinary requests.
    expect(await ids('awaitingMe=true&emergency=true')).toContain(urgent.body.id);
  });

  it('raises an alert when an emergency is still unapproved after the configured hours, and resolves it on approval', async () => {
    await addItem(server.database.db, 'EM-LATE');
    await receive(server, [{ item: 'EM-LATE', qty: 5 }]);
    const start = server.clock.now();
    const posted = await emergency('sk-sun', 'EM-LATE', 2);
    const no = posted.body.no!;
    const worker = server.services.workers.emergency;
    const alertOf = () =>
      server.database.db
        .selectFrom('alerts')
        .select(['status', 'severity', 'message', 'params'])
        .where('kind', '=', 'emergency-unapproved')
        .where('subject', '=', no)
        .executeTakeFirst();

    server.clock.set(new Date(start.getTime() + 12 * HOUR - 60_000));
    await worker.tick();
    expect(await alertOf()).toBeUndefined();

    server.clock.set(new Date(start.getTime() + 12 * HOUR));
    await worker.tick();
    const opened = await alertOf();
    expect(opened).toMatchObject({ status: 'open', severity: 'warning' });
    expect(opened?.message).toBe(
      `紧急领料 ${no}（仓库 WH-RM）已过账 12 小时仍未审批：2026-11-25 09:00 由 孙仓管 领出`,
    );
    expect(opened?.params).toMatchObject({ request: no, warehouse: 'WH-RM', hours: 12, requester: '孙仓管' });
    expect(alertWords('emergency-unapproved', opened?.params as Record<string, string>, 'en')).toEqual({
      title: `Emergency issue not approved: ${no}`,
      message: `Emergency issue ${no} (warehouse WH-RM) was posted 12 h ago and is still not approved: taken by 孙仓管 at 2026-11-25 09:00`,
    });

    server.clock.set(new Date(start.getTime() + 24 * HOUR));
    await worker.tick();
    expect(await alertOf()).toMatchObject({ status: 'open', severity: 'critical' });
    server.clock.set(start); // sessions live by the clock; only the worker needs the late one
    const listed = await (await server.as('ap-zhao')).alerts.listPage({
      kind: 'emergency-unapproved',
      limit: 500,
    });
    expect(listed.items.find((a) => a.subject.id === no)).toMatchObject({
      title: `紧急领料未审批：${no}`,
      subject: { type: 'issue-request', id: no },
    });

    await call(server, 'ap-zhao', 'POST', `/issue-requests/${posted.body.id}/approve`, {});
    server.clock.set(new Date(start.getTime() + 25 * HOUR));
    await worker.tick();
    expect(await alertOf()).toMatchObject({ status: 'resolved' });
    server.clock.set(start);
  });
});
