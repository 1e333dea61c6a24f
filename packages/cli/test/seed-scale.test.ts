import { join } from 'node:path';
import { openDatabase, scale } from '@shopfloor/server';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { runCli, tempFolder } from './helpers.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('shopfloor seed-scale', () => {
  it('seeds the small data set into the embedded database once, on the demo plant', async () => {
    const dataDir = join(await tempFolder(), 'data');
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const run = await runCli('seed-scale', '--size', 'small');
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^seeded the small data set in [\d.]+ s:\n {2}items: 40\n/);
    expect(run.stdout).toContain('  reports: 2,000\n');
    expect(run.stderr).toContain('seed-scale: movements:');
    const again = await runCli('seed-scale', '--size', 'small');
    expect(again).toMatchObject({
      code: EXIT.ok,
      stdout: 'the scale data set is already there (item Y-00001): nothing added\n',
    });
    const handle = await openDatabase({ dataDir });
    try {
      const counts = await scale.scaleCounts(handle.db, 'demo');
      expect(counts).toMatchObject({
        items: 40,
        work_orders: 60,
        reports: 2000,
        movements: 4000,
        alerts: 100,
      });
      const demo = await handle.db
        .selectFrom('users')
        .select('id')
        .where('id', '=', 'demo-operator')
        .execute();
      expect(demo).toHaveLength(1);
    } finally {
      await handle.close();
    }
  }, 120_000);

  it('refuses an unknown size with exit code 2', async () => {
    const run = await runCli('seed-scale', '--size', 'huge');
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toBe("error: --size: 'huge' is not year or small\n");
  });
});
