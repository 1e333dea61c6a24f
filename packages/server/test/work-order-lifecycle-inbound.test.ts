import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInboundBatch, type InboundEnvelope } from '../src/modules/sync/inbound/apply.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { addConnector, seedInbound } from './sync-inbound-fixtures.js';

/** An ERP's work-order records never resume a held work order nor revive a cancelled one (docs/work-orders.md). */
describe.each(backends())('inbound work orders against the lifecycle on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedInbound });
  });
  afterAll(() => server?.close());

  const env = (sourceId: string, sourceVersion: string, data: Record<string, unknown>): InboundEnvelope => ({
    kind: 'workOrder',
    sourceId,
    sourceVersion,
    data,
  });

  it('refuses changes to an on-hold or cancelled work order, which keeps its status', async () => {
    const db = server.database.db;
    const c = await addConnector(db, 'erp-lifecycle');
    const send = (records: InboundEnvelope[]) => applyInboundBatch(server.deps, c, records, null);
    const wo = (no: string) => ({ no, item: 'FG-01', qty: 10, dueDate: '2026-12-10', status: 'released' });
    const created = await send([env('L-1', '1', wo('WO-L-1')), env('L-2', '1', wo('WO-L-2'))]);
    expect(created.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    await db
      .updateTable('work_orders')
      .set({ status: 'on-hold', resume_status: 'released', status_reason: '缺料' })
      .where('no', '=', 'WO-L-1')
      .execute();
    await db.updateTable('work_orders').set({ status: 'cancelled' }).where('no', '=', 'WO-L-2').execute();

    const later = await send([
      env('L-1', '2', { ...wo('WO-L-1'), qty: 12 }),
      env('L-2', '2', { ...wo('WO-L-2'), qty: 12 }),
    ]);
    expect(later.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'work-order-started'],
      ['rejected', 'work-order-started'],
    ]);
    expect(later[1]!.reason).toMatch(/WO-L-2 is cancelled here/);
    const rows = await db
      .selectFrom('work_orders')
      .select(['no', 'status', 'qty'])
      .where('no', 'in', ['WO-L-1', 'WO-L-2'])
      .orderBy('no')
      .execute();
    expect(rows.map((r) => [r.no, r.status, Number(r.qty)])).toEqual([
      ['WO-L-1', 'on-hold', 10],
      ['WO-L-2', 'cancelled', 10],
    ]);
  });
});
