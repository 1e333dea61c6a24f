import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopesOfMessage, UnreadableInput } from '../src/modules/sync/inbound/sources/envelope.js';
import { laterWatermark } from '../src/modules/sync/inbound/sources/http-poll.js';
import { pullSnapshot, SnapshotUnavailable } from '../src/modules/sync/inbound/sources/snapshot.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const MARIADB_URL = 'mysql://root@127.0.0.1:3306/test';

describe('inbound messages and watermarks', () => {
  const envelope = fc.record({
    kind: fc.constantFrom('item', 'bomLine', 'workOrder', 'purchaseReceipt', 'stockSnapshot'),
    sourceId: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    sourceVersion: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    data: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
  });

  it('a message of envelopes gives them back as they were sent, one or many', () => {
    fc.assert(
      fc.property(fc.array(envelope, { minLength: 1, maxLength: 20 }), (sent) => {
        expect(envelopesOfMessage(Buffer.from(JSON.stringify(sent)), {})).toEqual(
          sent.map((e) => ({ ...e, sourceId: e.sourceId.trim(), sourceVersion: e.sourceVersion.trim() })),
        );
        expect(envelopesOfMessage(Buffer.from(JSON.stringify(sent[0])), {})).toHaveLength(1);
      }),
    );
  });

  it('any other body is unreadable (dead-lettered), never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
        ),
        (body) => {
          try {
            const got = envelopesOfMessage(Buffer.from(body), {});
            // Only envelopes pass without a record kind for raw records.
            for (const e of got) expect(typeof e.sourceId).toBe('string');
          } catch (err) {
            expect(err).toBeInstanceOf(UnreadableInput);
          }
        },
      ),
    );
  });

  it('raw records take their id and version from the configured fields, else from the headers', () => {
    const rules = { kind: 'item' as const, idField: 'FNumber', versionField: 'FModifyDate' };
    expect(
      envelopesOfMessage(Buffer.from('{"FNumber":"A1","FModifyDate":"2026-12-01T08:00:00"}'), rules),
    ).toEqual([
      {
        kind: 'item',
        sourceId: 'A1',
        sourceVersion: '2026-12-01T08:00:00',
        data: { FNumber: 'A1', FModifyDate: '2026-12-01T08:00:00' },
      },
    ]);
    expect(
      envelopesOfMessage(Buffer.from('{"x":1}'), { kind: 'item', fallbackId: 'H1', fallbackVersion: '7' })[0],
    ).toMatchObject({
      sourceId: 'H1',
      sourceVersion: '7',
    });
    // Several raw records in one message each need their own id: a header names only one.
    expect(() =>
      envelopesOfMessage(Buffer.from('[{"x":1},{"x":2}]'), {
        kind: 'item',
        fallbackId: 'H1',
        fallbackVersion: '7',
      }),
    ).toThrow(/no source id/);
  });

  it('the next watermark is the greatest: numbers as numbers, timestamps as text', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1 }), (xs) => {
        const w = xs.map(String).reduce<string | undefined>((a, b) => laterWatermark(a, b), undefined);
        expect(w).toBe(String(Math.max(...xs)));
      }),
    );
    expect(laterWatermark('2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z')).toBe('2026-12-01T10:00:00Z');
    expect(laterWatermark('9', '10')).toBe('10');
  });
});

interface TheirRecord {
  FNumber?: string;
  FName: string;
  FUnit: string;
  FErpClsID: string;
  FModifyDate: string;
}

/** The other system's HTTP endpoint: records changed after ?modifiedSince=, or a 500 when told to fail. */
async function startErpEndpoint() {
  const endpoint = {
    url: '',
    records: [] as TheirRecord[],
    fail: false,
    requests: [] as { since: string | null; headers: IncomingHttpHeaders }[],
    close: (): Promise<void> => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const since = url.searchParams.get('modifiedSince');
    endpoint.requests.push({ since, headers: req.headers });
    if (endpoint.fail) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('database is locked');
      return;
    }
    const rows = endpoint.records.filter((r) => since === null || r.FModifyDate > since);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ Result: { Rows: rows } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/k3cloud/materials`;
  endpoint.close = () => new Promise((resolve) => server.close(() => resolve()));
  return endpoint;
}

describe.each(backends())('http-poll connector and snapshots on %s', (backend) => {
  let server: TestServer;
  let erp: Awaited<ReturnType<typeof startErpEndpoint>>;
  let maria: mysql.Connection;
  const table = `sf_inbound_stock_${backend}_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    erp = await startErpEndpoint();
    maria = await mysql.createConnection({ uri: MARIADB_URL });
    await maria.query(
      `create table ${table} (FID int primary key, FMaterial varchar(64), FStock varchar(32), FLot varchar(32), FQty decimal(18,6), FModifyDate datetime)`,
    );
  });
  afterAll(async () => {
    await maria?.query(`drop table if exists ${table}`);
    await maria?.end();
    await erp?.close();
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
  const connectorRow = async (id: string) => {
    const r = await server.database.db
      .selectFrom('sync_connectors')
      .select(['id', 'org_id', 'kind', 'name', 'config'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id: r.id, orgId: r.org_id, kind: r.kind, name: r.name, config: r.config };
  };

  it('polls with ?modifiedSince=<watermark>, maps their fields, stores the watermark only after a good poll', async () => {
    const p = `H${backend[1]}${randomBytes(3).toString('hex')}-`;
    erp.records = [
      { FNumber: `${p}1`, FName: '电机', FUnit: 'pcs', FErpClsID: 'buy', FModifyDate: '2026-12-01T08:00:00' },
      {
        FNumber: `${p}2`,
        FName: '减速机',
        FUnit: 'pcs',
        FErpClsID: 'buy',
        FModifyDate: '2026-12-01T08:05:00',
      },
      { FName: '无编码', FUnit: 'pcs', FErpClsID: 'buy', FModifyDate: '2026-12-01T08:06:00' },
    ];
    const created = await call('POST', '/sync/connectors', {
      kind: 'http-poll',
      name: `K3 物料 ${p}`,
      config: {
        url: erp.url,
        headers: { 'X-Api-Key': 'k3-key' },
        kind: 'item',
        recordsPath: 'Result.Rows',
        idField: 'FNumber',
        versionField: 'FModifyDate',
        sinceParam: 'modifiedSince',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const mapping = await call('PUT', `/sync/connectors/${id}/mapping`, {
      format: 'shopfloor-mapping/1',
      name: 'K3 物料',
      entities: {
        item: {
          fields: [
            { theirs: 'FNumber', ours: 'code' },
            { theirs: 'FName', ours: 'name' },
            { theirs: 'FUnit', ours: 'uom' },
            { theirs: 'FErpClsID', ours: 'type' },
          ],
        },
      },
    });
    expect(mapping.status, JSON.stringify(mapping.body)).toBe(200);

    const first = await call('POST', `/sync/connectors/${id}/run`);
    expect(first.body).toMatchObject({ status: 'succeeded', records: 3, applied: 2, rejected: 1 });
    expect(first.body.watermarkAfter).toEqual({ since: '2026-12-01T08:06:00' });
    expect(erp.requests.at(-1)).toMatchObject({
      since: null,
      headers: expect.objectContaining({ 'x-api-key': 'k3-key' }),
    });

    erp.records[1] = { ...erp.records[1]!, FName: '减速机 RV40', FModifyDate: '2026-12-01T09:00:00' };
    erp.records.push({
      FNumber: `${p}3`,
      FName: '联轴器',
      FUnit: 'pcs',
      FErpClsID: 'buy',
      FModifyDate: '2026-12-01T09:10:00',
    });
    const second = await call('POST', `/sync/connectors/${id}/run`);
    expect(erp.requests.at(-1)!.since).toBe('2026-12-01T08:06:00');
    expect(second.body).toMatchObject({ status: 'succeeded', records: 2, applied: 2, rejected: 0 });
    const renamed = await server.database.db
      .selectFrom('items')
      .select('name')
      .where('code', '=', `${p}2`)
      .executeTakeFirst();
    expect(renamed?.name).toBe('减速机 RV40');

    erp.fail = true;
    const failed = await call('POST', `/sync/connectors/${id}/run`);
    erp.fail = false;
    expect(failed.body).toMatchObject({ status: 'failed', records: 0 });
    expect(failed.body.error).toMatch(/answered 500: database is locked/);
    expect(failed.body.watermarkAfter).toEqual({ since: '2026-12-01T09:10:00' }); // unchanged
    const third = await call('POST', `/sync/connectors/${id}/run`);
    expect(erp.requests.at(-1)!.since).toBe('2026-12-01T09:10:00');
    expect(third.body).toMatchObject({ status: 'succeeded', records: 0 });
  });

  it('pullSnapshot reads every row of the stock table, mapped to our names; a kind it does not read is refused', async () => {
    await maria.query(
      `insert into ${table} values (1, 'M-1', 'A-01', '', 10.5, '2026-12-01 08:00:00'), (2, 'M-2', 'A-02', 'L7', 3, '2026-12-01 08:00:00')`,
    );
    const created = await call('POST', '/sync/connectors', {
      kind: 'database',
      name: `WMS 库存 ${table}`,
      config: {
        dialect: 'mysql',
        url: MARIADB_URL,
        tables: [{ table, kind: 'stockSnapshot', idColumn: 'FID', watermarkColumn: 'FModifyDate' }],
      },
    });
    const id = created.body.id as string;
    await call('PUT', `/sync/connectors/${id}/mapping`, {
      format: 'shopfloor-mapping/1',
      name: 'WMS 库存',
      entities: {
        stockSnapshot: {
          fields: [
            { theirs: 'FMaterial', ours: 'item' },
            { theirs: 'FStock', ours: 'location' },
            { theirs: 'FLot', ours: 'lot' },
            { theirs: 'FQty', ours: 'qty' },
          ],
        },
      },
    });
    const connector = await connectorRow(id);
    const rows = await pullSnapshot(server.deps, connector, 'stock');
    expect(rows).toEqual([
      expect.objectContaining({ item: 'M-1', location: 'A-01', qty: 10.5 }),
      expect.objectContaining({ item: 'M-2', location: 'A-02', lot: 'L7', qty: 3 }),
    ]);
    expect(rows[0]).not.toHaveProperty('FMaterial');
    await expect(pullSnapshot(server.deps, connector, 'workOrders')).rejects.toBeInstanceOf(
      SnapshotUnavailable,
    );
    // The reconciliation pulls it through the connector (their names; it maps them itself).
    const recon = await call('POST', `/reconciliations?kind=stock&connectorId=${id}`);
    expect(recon.status, JSON.stringify(recon.body)).toBe(201);
    expect(recon.body).toMatchObject({ source: 'connector', totals: expect.objectContaining({ theirs: 2 }) });
    const noOrders = await call('POST', `/reconciliations?kind=workOrders&connectorId=${id}`);
    expect(noOrders.status).toBe(409);
    expect(noOrders.body.type).toBe('/problems/no-snapshot');
    const down = { ...connector, config: { ...connector.config, url: 'mysql://root@127.0.0.1:1/test' } };
    await expect(pullSnapshot(server.deps, down, 'stock')).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
