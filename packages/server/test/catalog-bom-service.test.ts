import { compileBom } from '@shopfloor/bom-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBomService } from '../src/modules/catalog/bom-service.js';
import { prefixed, seedCatalog, TABLE_BOM } from './fixtures-catalog.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const DATE = '2026-07-01';

describe.each(backends())('the compiled BOM cache on %s', (backend) => {
  let server: TestServer;
  const org = () => server.deps.config.orgId;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedCatalog });
    await (await server.as('pl-zhou')).boms.import(prefixed(TABLE_BOM, 'SV'));
  });
  afterAll(() => server?.close());

  const legsPerTable = async (service: ReturnType<typeof createBomService>) =>
    (await service.compiled(server.database.db, org()))
      .explode({ item: 'SV-TABLE', qty: 1, date: DATE })
      .requirements.find((r) => r.item === 'SV-LEG')?.qty;

  it('answers the same compiled BOM while the revision stands', async () => {
    const service = createBomService({ clock: server.clock });
    const first = await service.compiled(server.database.db, org());
    expect(await service.compiled(server.database.db, org())).toBe(first);
  });

  it('shares one build between concurrent callers', async () => {
    const service = createBomService({ clock: server.clock });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => service.compiled(server.database.db, org())),
    );
    expect(new Set(answers).size).toBe(1);
  });

  it('rebuilds on one replica when another replica changed the BOM', async () => {
    const replicaA = createBomService({ clock: server.clock });
    const replicaB = createBomService({ clock: server.clock });
    expect(await legsPerTable(replicaA)).toBe(4.08);
    await server.database.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('bom_lines')
        .set({ qty: 5, scrap_rate: 0 })
        .where('parent', '=', 'SV-TABLE')
        .where('child', '=', 'SV-LEG')
        .execute();
      await replicaB.bumpRevision(tx, org());
    });
    expect(await legsPerTable(replicaA)).toBe(5);
  });

  it("sees a transaction's own uncommitted change there, and never keeps it for others", async () => {
    const service = createBomService({ clock: server.clock });
    const committed = await service.compiled(server.database.db, org());
    const rolledBack = new Error('roll back');
    await server.database.db
      .transaction()
      .execute(async (tx) => {
        await tx.deleteFrom('bom_lines').where('parent', '=', 'SV-KIT').execute();
        await service.bumpRevision(tx, org());
        const inside = await service.compiled(tx, org());
        expect(inside.explode({ item: 'SV-KIT', qty: 1, date: DATE }).requirements).toEqual([]);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    const after = await service.compiled(server.database.db, org());
    expect(after).toBe(committed);
    expect(after.explode({ item: 'SV-KIT', qty: 1, date: DATE }).requirements.length).toBeGreaterThan(0);
  });

  it('compiles what the engine compiles from the same document', async () => {
    const service = createBomService({ clock: server.clock });
    const bom = await service.compiled(server.database.db, org());
    const engine = compileBom(prefixed(TABLE_BOM, 'SV'));
    expect(
      bom
        .whereUsed({ item: 'SV-WOOD', date: DATE })
        .usedIn.map((u) => u.item)
        .sort(),
    ).toEqual(
      engine
        .whereUsed({ item: 'SV-WOOD', date: DATE })
        .usedIn.map((u) => u.item)
        .sort(),
    );
  });
});
