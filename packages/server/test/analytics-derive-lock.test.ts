import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOperations } from '../src/modules/analytics/derive.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Replicas derive the team-comparison minutes one at a time (docs/deployment.md): a derivation that
 * read before a late report must not commit over one that read after it. Held here by hand.
 */
describe.skipIf(!process.env.SHOPFLOOR_TEST_PG_URL)('team-comparison derivation lock (postgres)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'postgres' });
  });
  afterAll(() => server?.close());

  it('waits while another replica derives, and runs once it commits', async () => {
    const { db } = server.database;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => {
      locked = r;
    });
    const other = db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(7260412)`.execute(tx);
      locked();
      await held;
    });
    await lockTaken;
    let done = false;
    const derived = deriveOperations(db, server.deps, server.deps.config.orgId, [['WO-NONE', 10]]).then(
      (n) => {
        done = true;
        return n;
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    release();
    await other;
    expect(await derived).toBe(0);
    expect(done).toBe(true);
  });
});
