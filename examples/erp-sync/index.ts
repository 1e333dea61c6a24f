/**
 * ERP sync in four steps against a running Shopfloor server (demo mode): a connector, its field
 * mapping imported from the Kingdee K/3 Cloud template, records sent in twice (applied once), and
 * a stock snapshot reconciled. Run: pnpm --filter @shopfloor/example-erp-sync start
 *
 * SHOPFLOOR_URL (default http://127.0.0.1:8080) picks the server. The example deletes its connector
 * at the end, so it leaves nothing that would keep delivering.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, NetworkError, ShopfloorError, TimeoutError } from '@shopfloor/sdk';

const baseUrl = process.env.SHOPFLOOR_URL ?? 'http://127.0.0.1:8080';
let token: string | undefined;
const client = createClient({ baseUrl, getToken: () => token, timeoutMs: 30_000 });

try {
  await client.health();
} catch (error) {
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    console.error(
      `No Shopfloor server answers at ${baseUrl} (SHOPFLOOR_URL): start one with \`pnpm start\` in the repository root, then run this again.`,
    );
    process.exit(1);
  }
  throw error;
}
token = (await client.auth.devLogin({ userId: 'demo-admin' })).token;

// The "ERP": a local endpoint that takes what the generic-json adapter POSTs (signed, mapped).
const received: string[] = [];
const erp = createServer((req, res) => {
  req.resume();
  received.push(`${req.headers['x-shopfloor-topic']} → ${req.headers['x-shopfloor-target'] ?? '(unmapped)'}`);
  res.end('{}');
});
await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
const erpUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}/k3cloud`;

// 1. A connector: items created here go out to the ERP through the mapping.
const connector = await client.request<{ id: string; name: string }>({
  method: 'POST',
  path: '/sync/connectors',
  body: {
    kind: 'erp',
    name: '金蝶云星空 (example)',
    config: { adapter: 'generic-json', options: { url: erpUrl, secret: 'example-secret-0123456789' } },
    topics: ['item.created'],
  },
});
console.log(`1. connector ${connector.id}`);

try {
  // 2. Its field mapping, from the shipped template: one file, exported and imported as is.
  const template = await client.request<unknown>({
    method: 'GET',
    path: '/sync/mapping-templates/kingdee-k3cloud',
  });
  const mapping = await client.request<{ version: number }>({
    method: 'PUT',
    path: `/sync/connectors/${connector.id}/mapping`,
    body: template,
  });
  console.log(`2. mapping imported as version ${mapping.version}`);

  // 3. Records in Kingdee's field names; the second has a unit the mapping does not know.
  const stamp = Date.now().toString(36).toUpperCase();
  const records = [
    {
      kind: 'item',
      sourceId: `EX-${stamp}-1`,
      sourceVersion: '1',
      data: {
        FNumber: ` EX-${stamp}-1 `,
        FName: '示例螺丝 M4×10',
        FBaseUnitId: { FNumber: 'Pcs' },
        SubHeadEntity: { FErpClsID: '1' },
      },
    },
    {
      kind: 'item',
      sourceId: `EX-${stamp}-2`,
      sourceVersion: '1',
      data: { FNumber: `EX-${stamp}-2`, FName: '示例油漆', FBaseUnitId: { FNumber: 'L' } },
    },
  ];
  type Batch = {
    applied: number;
    duplicates: number;
    rejected: number;
    results: { sourceId: string; outcome: string; reason?: string }[];
  };
  for (const round of ['first send', 'sent again']) {
    const batch = await client.request<Batch>({
      method: 'POST',
      path: `/sync/inbound/${connector.id}`,
      body: { records },
    });
    console.log(
      `3. ${round}: ${batch.applied} applied, ${batch.duplicates} duplicates, ${batch.rejected} rejected`,
    );
    for (const r of batch.results)
      console.log(`   ${r.sourceId}: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`);
  }

  // 4. Reconcile: the "WMS" counts our stock, with one quantity different and one row it lacks.
  const balances = await client.request<{
    items: { item: string; location: string; lot?: string | null; qty: number }[];
  }>({ method: 'GET', path: '/stock/balances', query: { limit: 500 } });
  const rows = balances.items
    .slice(1)
    .map((b, i) => [b.item, b.location, b.lot ?? '', i === 0 ? b.qty + 1 : b.qty]);
  const csv = ['物料编码,库位,批次,数量', ...rows.map((r) => r.join(','))].join('\r\n');
  const run = await client.request<{ id: string; totals: Record<string, number> }>({
    method: 'POST',
    path: '/reconciliations',
    query: { kind: 'stock' },
    raw: { bytes: new TextEncoder().encode(csv), contentType: 'text/csv' },
  });
  const t = run.totals;
  console.log(
    `4. reconciliation ${run.id}: ${t.matched} matched, ${t.differing} differing, ${t.missingHere} missing here, ${t.missingThere} missing there`,
  );

  // The sync worker delivers within a few seconds; wait for the new item to reach the ERP.
  for (let i = 0; i < 20 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 500));
  console.log(`   the ERP received: ${received.join('; ') || 'nothing yet (the worker runs every 2 s)'}`);
} catch (error) {
  if (!(error instanceof ShopfloorError)) throw error;
  console.error(`refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.request({ method: 'DELETE', path: `/sync/connectors/${connector.id}` });
  erp.close();
}
