import { createAdminClient } from '@shopfloor/sdk/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFactory } from '../src/demo/index.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';
import { tableCounts } from './setup-helpers.js';

/**
 * The export of a database that has lived (the demo factory: stock moved, work orders reported,
 * routings naming work centers nobody registered) imports back as nothing changed.
 */
describe.each(backends())('the setup workbook of the demo factory on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: async (db, config) => {
        await seedDemoFactory(db, config, new TestClock());
      },
    });
  });
  afterAll(() => server?.close());

  it('exports the plant and takes the export back as unchanged', async () => {
    const admin = createAdminClient({ baseUrl: server.url, token: await server.token('demo-admin') });
    const exported = await admin.setup.export();
    const before = await tableCounts(server);
    const report = await admin.setup.import(exported);
    expect(report.problems).toEqual([]);
    expect(report.applied).toBe(true);
    for (const s of report.sheets)
      expect([s.sheet, s.created, s.updated, s.removed ?? 0]).toEqual([s.sheet, 0, 0, 0]);
    expect(report.sheets.find((s) => s.sheet === 'items')!.unchanged).toBeGreaterThan(100);
    expect(report.sheets.find((s) => s.sheet === 'routings')!.unchanged).toBeGreaterThan(10);
    expect(await tableCounts(server)).toEqual(before);
  });
});
