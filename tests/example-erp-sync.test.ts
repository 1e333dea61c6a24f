import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFactory } from '../packages/server/src/demo/index.js';
import type { SyncWorker } from '../packages/server/src/modules/sync/worker.js';
import { startTestServer, TestClock, type TestServer } from '../packages/server/test/harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const run = promisify(execFile);

describe('examples/erp-sync against a real server in demo mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    const now = new Date();
    server = await startTestServer({
      seed: async (db, config) => {
        await seedDemoFactory(db, config, new TestClock(now));
      },
    });
    server.clock.set(now);
  });
  afterAll(() => server?.close());

  it('imports the Kingdee mapping, applies records once, reconciles, and the ERP gets the mapped item', async () => {
    const worker = server.services.workers.sync as SyncWorker;
    // The test drives the sync worker (tests do not start it): deliver while the example waits.
    let running = true;
    const delivering = (async () => {
      while (running) {
        await worker.tick();
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const { stdout } = await run(tsx, ['examples/erp-sync/index.ts'], {
        cwd: root,
        env: { ...process.env, SHOPFLOOR_URL: server.url },
        timeout: 90_000,
      });
      expect(stdout).toMatch(/2\. mapping imported as version 1/);
      expect(stdout).toMatch(/first send: 1 applied, 0 duplicates, 1 rejected/);
      expect(stdout).toContain("value 'L' of FBaseUnitId.FNumber is not in its value map");
      expect(stdout).toMatch(/sent again: 0 applied, 2 duplicates, 0 rejected/);
      expect(stdout).toMatch(/reconciliation \S+: \d+ matched, 1 differing, 0 missing here, 1 missing there/);
      expect(stdout).toContain('the ERP received: item.created → BD_MATERIAL');
    } finally {
      running = false;
      await delivering;
    }
    // It cleans up: its connector is deleted, so nothing keeps delivering to the closed endpoint.
    const live = await server.database.db
      .selectFrom('sync_connectors')
      .select('id')
      .where('deleted_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
  }, 120_000);
});
