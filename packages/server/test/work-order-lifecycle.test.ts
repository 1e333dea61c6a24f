import { randomUUID } from 'node:crypto';
import { ConflictError } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, type LifecycleState } from '../src/modules/production/lifecycle-rules.js';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const LEGAL = ['draft', 'released', 'in-progress', 'on-hold', 'done', 'closed', 'cancelled'];

describe.each(backends())('work-order lifecycle on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const call = async (path: string, body?: unknown, as = 'pl-zhou', key: string = randomUUID()) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token(as)}`,
        'Idempotency-Key': key,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const act = (no: string, action: string, body?: unknown, as?: string) =>
    call(`/work-orders/${no}/${action}`, body, as);
  const reportOn = (no: string, good = 1, as = 'op-li') =>
    call(`/work-orders/${no}/operations/10/reports`, report(good), as);
  const table = async (qty = 5) => releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty });
  const reportsOf = async (no: string) =>
    (
      await server.database.db
        .selectFrom('operation_reports')
        .select('id')
        .where('work_order_no', '=', no)
        .execute()
    ).length;
  const topics = async (no: string) =>
    (
      await server.database.db
        .selectFrom('outbox_events')
        .select(['topic', 'payload'])
        .where('aggregate_id', '=', no)
        .orderBy('id')
        .execute()
    ).filter((e) => e.topic.startsWith('work-order.') && e.topic !== 'work-order.created');

  it('holds with a reason, refuses reports while held (work-order-stopped), resumes to the status it had', async () => {
    const wo = await table();
    expect((await reportOn(wo.no, 1)).status).toBe(201);
    const held = await act(wo.no, 'hold', { reason: '缺料：桌面板未到' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'on-hold', statusReason: '缺料：桌面板未到' });

    const refused = await reportOn(wo.no, 1);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: '/problems/work-order-stopped',
      params: { workOrderNo: wo.no, status: 'on-hold' },
    });
    expect(refused.body.detail).toMatch(/is on hold/);
    const sdkError = await (await server.as('op-li')).reports
      .create(wo.no, 10, report(1), { idempotencyKey: randomUUID() })
      .catch((e: unknown) => e);
    expect(sdkError).toBeInstanceOf(ConflictError);
    expect((sdkError as ConflictError).retryable).toBe(false);

    const again = await act(wo.no, 'hold', { reason: 'twice' });
    expect(again).toMatchObject({ status: 409, body: { type: '/problems/work-order-not-holdable' } });

    const resumed = await act(wo.no, 'resume');
    expect(resumed.body).toMatchObject({ status: 'in-progress' });
    expect(resumed.body.statusReason).toBeUndefined();
    expect((await reportOn(wo.no, 1)).status).toBe(201);
    expect((await act(wo.no, 'resume')).body).toMatchObject({ type: '/problems/work-order-not-on-hold' });

    const events = await topics(wo.no);
    expect(events.map((e) => e.topic)).toEqual([
      'work-order.released',
      'work-order.held',
      'work-order.resumed',
    ]);
    expect(events[1]!.payload).toMatchObject({
      no: wo.no,
      from: 'in-progress',
      status: 'on-hold',
      reason: '缺料：桌面板未到',
      by: 'pl-zhou',
    });

    const audit = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'before', 'after'])
      .where('subject_type', '=', 'work-order')
      .where('subject_id', '=', wo.no)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['work-order.hold', 'pl-zhou'],
      ['work-order.resume', 'pl-zhou'],
    ]);
    expect(audit[0]!.after).toMatchObject({ status: 'on-hold', reason: '缺料：桌面板未到' });
  });

  it('a held released work order resumes to released', async () => {
    const wo = await table();
    await act(wo.no, 'hold', { reason: '设备检修' });
    expect((await act(wo.no, 'resume')).body).toMatchObject({ status: 'released' });
  });

  it('requires a reason (400 with the path) and limits its length', async () => {
    const wo = await table();
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
      const res = await act(wo.no, 'hold', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain('reason');
    }
    const short = await act(wo.no, 'close', { short: true });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect((await act(wo.no, 'cancel', {})).status).toBe(400);
    expect((await act('WO-NONE', 'hold', { reason: 'x' })).status).toBe(404);
  });

  it('cancels only before anything was reported or issued, and says why not', async () => {
    const draft = freshNo('DRAFT');
    await (await server.as('pl-zhou')).workOrders.create({
      no: draft,
      item: 'TABLE',
      qty: 1,
      due: '2026-12-31',
    });
    const cancelled = await act(draft, 'cancel', { reason: '客户取消订单' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: '客户取消订单' });
    expect((await act(draft, 'cancel', { reason: 'again' })).body).toMatchObject({
      type: '/problems/work-order-not-cancellable',
    });
    expect((await act(draft, 'hold', { reason: 'x' })).status).toBe(409);
    expect((await act(draft, 'close', { short: true, reason: 'x' })).status).toBe(409);

    const reported = await table();
    await reportOn(reported.no, 1);
    await act(reported.no, 'hold', { reason: '暂停' });
    const refused = await act(reported.no, 'cancel', { reason: '不要了' });
    expect(refused).toMatchObject({ status: 409, body: { type: '/problems/work-order-reported' } });
    expect(refused.body.detail).toMatch(/close it short instead/);

    const issued = await table();
    const request = await call(
      '/issue-requests',
      {
        workOrderNo: issued.no,
        warehouse: 'WH-RM',
        lines: [{ item: 'TOP', qty: 1, location: 'RM-01' }],
      },
      'op-li',
    );
    expect(request.status).toBe(201);
    const material = await act(issued.no, 'cancel', { reason: '不要了' });
    expect(material).toMatchObject({ status: 409, body: { type: '/problems/work-order-material-out' } });
    expect(material.body.detail).toMatch(/material was issued/);

    const noIssue = await call(
      '/issue-requests',
      { workOrderNo: draft, warehouse: 'WH-RM', lines: [{ item: 'TOP', qty: 1, location: 'RM-01' }] },
      'op-li',
    );
    expect(noIssue).toMatchObject({
      status: 409,
      body: { type: '/problems/work-order-not-open', params: { status: 'cancelled' } },
    });
    const refusedReport = await call(`/work-orders/${draft}/operations/10/reports`, report(1), 'op-li');
    expect(refusedReport.body).toMatchObject({
      type: '/problems/work-order-stopped',
      params: { status: 'cancelled' },
    });
    expect((await topics(draft)).map((e) => e.topic)).toEqual(['work-order.cancelled']);
  });

  it('closes a done work order without a reason and an unfinished one only short, with a reason', async () => {
    const done = await table(2);
    await reportOn(done.no, 2);
    const closed = await act(done.no, 'close', {});
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.closedAt).toEqual(expect.any(String));

    const open = await table(5);
    await reportOn(open.no, 2);
    const notDone = await act(open.no, 'close', { reason: '够了' });
    expect(notDone).toMatchObject({ status: 409, body: { type: '/problems/work-order-not-done' } });
    const short = await act(open.no, 'close', { short: true, reason: '客户只要两张' });
    expect(short.body).toMatchObject({ status: 'closed', statusReason: '客户只要两张' });
    const row = await server.database.db
      .selectFrom('work_orders')
      .select(['closed_short', 'closed_by'])
      .where('no', '=', open.no)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_short: true, closed_by: 'pl-zhou' });
    const refused = await reportOn(open.no, 1);
    expect(refused.body).toMatchObject({
      type: '/problems/work-order-stopped',
      params: { status: 'closed' },
    });
    expect((await act(open.no, 'close', {})).body).toMatchObject({
      type: '/problems/work-order-not-closable',
    });
    const events = await topics(open.no);
    expect(events.at(-1)).toMatchObject({
      topic: 'work-order.closed',
      payload: { from: 'in-progress', short: true, reason: '客户只要两张' },
    });
  });

  it('lets planners and admins act, not operators; a repeated Idempotency-Key answers the stored result', async () => {
    const wo = await table();
    expect((await act(wo.no, 'hold', { reason: 'x' }, 'op-li')).status).toBe(403);
    const key = randomUUID();
    const first = await call(`/work-orders/${wo.no}/hold`, { reason: '换线' }, 'admin', key);
    const repeat = await call(`/work-orders/${wo.no}/hold`, { reason: '换线' }, 'admin', key);
    expect(first.status).toBe(200);
    expect(repeat).toEqual(first);
    expect((await topics(wo.no)).filter((e) => e.topic === 'work-order.held')).toHaveLength(1);
  });

  it('a cancel racing reports: either the cancel wins and no report lands, or it is refused', async () => {
    for (let round = 0; round < 4; round++) {
      const wo = await table(5);
      const [cancel, ...sent] = await Promise.all([
        act(wo.no, 'cancel', { reason: '并发取消' }),
        ...Array.from({ length: 4 }, () => reportOn(wo.no, 1)),
      ]);
      const landed = sent.filter((r) => r.status === 201).length;
      expect(await reportsOf(wo.no)).toBe(landed);
      if (cancel!.status === 200) {
        expect(landed).toBe(0);
        for (const r of sent) expect(r.body).toMatchObject({ type: '/problems/work-order-stopped' });
      } else {
        expect(cancel!.body).toMatchObject({ type: '/problems/work-order-reported' });
        expect(landed).toBeGreaterThan(0);
      }
      const held = await table(5);
      const [hold, ...during] = await Promise.all([
        act(held.no, 'hold', { reason: '并发暂停' }),
        ...Array.from({ length: 4 }, () => reportOn(held.no, 1)),
      ]);
      expect(hold!.status).toBe(200);
      const accepted = during.filter((r) => r.status === 201).length;
      expect(await reportsOf(held.no)).toBe(accepted);
      for (const r of during.filter((r) => r.status !== 201)) {
        expect(r.body).toMatchObject({ type: '/problems/work-order-stopped' });
      }
      expect((await reportOn(held.no, 1)).status).toBe(409);
      expect(await reportsOf(held.no)).toBe(accepted);
    }
  });

  it('random sequences of hold, resume, cancel, close and report keep the work order legal', async () => {
    const Step = fc.oneof(
      fc.constant({ kind: 'hold' as const }),
      fc.constant({ kind: 'resume' as const }),
      fc.constant({ kind: 'cancel' as const }),
      fc.record({ kind: fc.constant('close' as const), short: fc.boolean() }),
      fc.record({ kind: fc.constant('report' as const), good: fc.integer({ min: 1, max: 2 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const wo = await table(4);
        let reported = false;
        for (const step of steps) {
          const before = (await (await server.as('pl-zhou')).workOrders.get(wo.no)).status;
          const res =
            step.kind === 'report'
              ? await reportOn(wo.no, step.good)
              : await act(
                  wo.no,
                  step.kind,
                  step.kind === 'resume'
                    ? undefined
                    : { reason: '原因', ...(step.kind === 'close' ? { short: step.short } : {}) },
                );
          const after = await (await server.as('pl-zhou')).workOrders.get(wo.no);
          expect(LEGAL).toContain(after.status);
          if (step.kind === 'report') {
            if (['on-hold', 'cancelled', 'closed'].includes(before)) {
              expect(res.body).toMatchObject({
                type: '/problems/work-order-stopped',
                params: { status: before },
              });
            }
            if (res.status === 201) reported = true;
          } else {
            const decision = decide(
              wo.no,
              { status: before, reported, materialOut: false, resumeStatus: null },
              {
                action: step.kind,
                short: step.kind === 'close' ? step.short : undefined,
              },
            );
            expect(res.status === 200, `${step.kind} from ${before}: ${JSON.stringify(res.body)}`).toBe(
              decision.ok,
            );
            if (step.kind === 'cancel' && reported) expect(res.status).toBe(409);
          }
        }
        const stored = await server.database.db
          .selectFrom('operation_reports as r')
          .innerJoin('outbox_events as e', (j) =>
            j.on('e.topic', '=', 'operation-report.created').onRef('e.aggregate_id', '=', 'r.work_order_no'),
          )
          .select(['r.id'])
          .where('r.work_order_no', '=', wo.no)
          .execute();
        expect(stored.length > 0).toBe(reported);
        const final = await server.database.db
          .selectFrom('work_orders')
          .select('status')
          .where('no', '=', wo.no)
          .executeTakeFirstOrThrow();
        if (final.status === 'cancelled') expect(reported).toBe(false);
      }),
      { numRuns: 12 },
    );
  });
});

describe('the lifecycle rules', () => {
  it('never lets a cancel through after a report, and resumes only from on-hold', () => {
    const statuses = ['draft', 'released', 'in-progress', 'on-hold', 'done', 'closed', 'cancelled'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('hold', 'resume', 'cancel', 'close'),
        fc.boolean(),
        (status, reported, materialOut, action, short) => {
          const state: LifecycleState = { status, reported, materialOut, resumeStatus: 'in-progress' };
          const d = decide('WO', state, { action: action as 'hold', short });
          if (d.ok) {
            expect(LEGAL).toContain(d.to);
            if (action === 'cancel') expect(reported || materialOut).toBe(false);
            if (action === 'resume') expect(status).toBe('on-hold');
            if (action === 'hold') expect(['released', 'in-progress']).toContain(status);
            if (action === 'close') expect(status === 'done' || short).toBe(true);
          } else {
            expect(d.message).toMatch(/^work order WO is /);
          }
        },
      ),
    );
  });
});
