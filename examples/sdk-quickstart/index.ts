/**
 * Quickstart: explode a small BOM on this machine, then report an operation (报工) through the
 * offline outbox against a running Shopfloor server. Run: pnpm --filter @shopfloor/example-sdk-quickstart start
 *
 * SHOPFLOOR_URL (default http://127.0.0.1:8080) picks the server, SHOPFLOOR_USER the demo operator.
 * Without a server answering there it prints one line saying so and exits with code 1.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileBom,
  createClient,
  createOutbox,
  NetworkError,
  OperationReportInput,
  ShopfloorError,
  TimeoutError,
  validate,
  type WorkOrder,
} from '@shopfloor/sdk';
import { createFileStorage } from './file-storage.js';

// 1. Locally: the engine needs no server.
const bom = compileBom({
  uomConversions: [{ from: 'mm', to: 'm', factor: 0.001 }],
  items: [
    { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make' },
    { code: 'TOP', name: '桌面', uom: 'pcs', type: 'make' },
    { code: 'LEG', name: '桌腿', uom: 'pcs', type: 'make' },
    { code: 'OAK-SQ', name: '橡木方料', uom: 'm', type: 'buy' },
    { code: 'OAK-BD', name: '橡木板', uom: 'pcs', type: 'buy' },
    { code: 'SCREW', name: '螺丝', uom: 'pcs', type: 'buy' },
  ],
  bomLines: [
    { parent: 'TABLE', child: 'TOP', qty: 1 },
    { parent: 'TABLE', child: 'LEG', qty: 4, scrapRate: 0.02 },
    { parent: 'TABLE', child: 'SCREW', qty: 16 },
    { parent: 'TOP', child: 'OAK-BD', qty: 1 },
    { parent: 'LEG', child: 'OAK-SQ', qty: 720, uom: 'mm' },
  ],
});
console.log('10 × TABLE 餐桌 needs:');
for (const line of bom.explode({ item: 'TABLE', qty: 10, date: '2026-07-01' }).requirements) {
  console.log(
    `  ${line.item.padEnd(7)} ${String(line.qty).padStart(8)} ${line.uom.padEnd(4)} ${bom.itemInfo(line.item).name}`,
  );
}

// 2. Against a server: sign in as a demo operator and report through the outbox.
const baseUrl = process.env.SHOPFLOOR_URL ?? 'http://127.0.0.1:8080';
const userId = process.env.SHOPFLOOR_USER ?? 'demo-operator';
let token: string | undefined;
const client = createClient({ baseUrl, getToken: () => token, timeoutMs: 5_000 });

try {
  await client.health();
} catch (error) {
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    // One line, and a failure: a script or CI step running this must not pass without a server.
    console.error(
      `No Shopfloor server answers at ${baseUrl} (SHOPFLOOR_URL): start one with \`pnpm start\` in the repository root, or set SHOPFLOOR_URL to a running server, then run this again.`,
    );
    process.exit(1);
  }
  throw error;
}

const session = await client.auth.devLogin({ userId }).catch((error: unknown) => {
  if (!(error instanceof ShopfloorError) || (error.status !== 401 && error.status !== 404)) throw error;
  console.log(
    `\nCould not sign in as '${userId}' (${error.message}): the server must run in demo mode; set SHOPFLOOR_USER to one of its demo operators.`,
  );
  process.exit(1);
});
token = session.token;
console.log(`\nSigned in at ${baseUrl} as ${session.user.name} (${session.user.roles.join(', ')})`);

const target = await findReportableOperation();
if (!target) {
  console.log('No released work order has an operation ready to report: release one and run this again.');
  process.exit(0);
}
const { workOrder, seq } = target;

// The outbox keeps commands on disk until the server has them: rerun after a failure and it resumes.
const storage = await createFileStorage(join(tmpdir(), 'shopfloor-quickstart-outbox'));
const outbox = createOutbox({ client, storage });
const entry = await outbox.enqueue({
  kind: 'operation-report',
  method: 'POST',
  path: `/work-orders/${encodeURIComponent(workOrder.no)}/operations/${seq}/reports`,
  // Validate before capture: a body the server would reject only turns into a dead letter later.
  body: validate(
    OperationReportInput,
    { goodQty: 1, scrapQty: 0, deviceTime: new Date().toISOString() },
    '报工',
  ),
  orderKey: workOrder.no,
  label: `${workOrder.no} · 工序 ${seq} · 1 good`,
});
console.log(`Captured ${entry.label} with Idempotency-Key ${entry.idempotencyKey}`);

// A fresh start is a chance to retry now (as an app does on show), whatever the stored backoff.
const result = await outbox.flush({ ignoreBackoff: true });
const state = outbox.getState();
console.log(
  `Flushed: ${result.sent} sent, ${result.retried} to retry, ${result.deadLettered} rejected, ${result.pending} pending`,
);
for (const letter of state.deadLetters) {
  const fields = letter.reason.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
  console.log(
    `  rejected ${letter.label}: ${letter.reason.detail ?? letter.reason.message}${fields ? ` (${fields})` : ''}`,
  );
}
for (const waiting of await outbox.list()) {
  console.log(
    `  waiting: ${waiting.label} (${waiting.lastError?.message ?? 'not sent yet'}); run again to resume`,
  );
}

async function findReportableOperation(): Promise<{ workOrder: WorkOrder; seq: number } | undefined> {
  const workshops = session.user.scopes?.workshops;
  for (const status of ['in-progress', 'released'] as const) {
    for await (const workOrder of client.workOrders.list({ status })) {
      const operation = workOrder.operations.find(
        (op) =>
          (op.status === 'ready' || op.status === 'in-progress') &&
          (!workshops || workshops.includes(op.workshop)),
      );
      if (operation) return { workOrder, seq: operation.seq };
    }
  }
  return undefined;
}
