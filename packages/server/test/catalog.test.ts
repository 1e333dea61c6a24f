import { compileBom } from '@shopfloor/bom-engine';
import {
  ConflictError,
  ForbiddenError,
  type Item,
  NotFoundError,
  type ShopfloorClient,
  ValidationError,
} from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixed, seedCatalog, TABLE_BOM } from './fixtures-catalog.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const DATE = '2026-07-01';

/**
 * Requirements in item order: within one low-level code the engine lists items in document order,
 * and the server's document comes from the database ordered by code.
 */
function byItem<T extends { requirements: { item: string }[] }>(explosion: T): T {
  return {
    ...explosion,
    requirements: [...explosion.requirements].sort((a, b) => a.item.localeCompare(b.item)),
  };
}

describe.each(backends())('catalog on %s', (backend) => {
  let server: TestServer;
  let planner: ShopfloorClient;
  let operator: ShopfloorClient;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedCatalog });
    planner = await server.as('pl-zhou');
    operator = await server.as('op-li');
  });
  afterAll(() => server?.close());

  /** Imports the table BOM under a prefix and answers the prefixed document. */
  async function importTable(prefix: string) {
    const document = prefixed(TABLE_BOM, prefix);
    await planner.boms.import(document);
    return document;
  }

  describe('items', () => {
    it('creates an item that reads back the same by code and in the list', async () => {
      const input = {
        code: 'CR-BOLT',
        name: '六角螺栓 M8',
        uom: 'pcs',
        type: 'buy' as const,
        safetyStock: 500,
        leadTime: 7,
        cost: 0.35,
        abcClass: 'C' as const,
      };
      const created = await planner.items.create(input);
      expect(created).toMatchObject(input);
      expect(await operator.items.get('CR-BOLT')).toEqual(created);
      const page = await operator.items.listPage({ q: 'cr-bolt' });
      expect(page.items.map((item) => item.code)).toEqual(['CR-BOLT']);
    });

    it('refuses a second item with the same code with 409', async () => {
      const input = { code: 'CR-DUP', name: '重复', uom: 'pcs', type: 'buy' as const };
      await planner.items.create(input);
      await expect(planner.items.create({ ...input, name: '又一个' })).rejects.toBeInstanceOf(ConflictError);
      expect((await planner.items.get('CR-DUP')).name).toBe('重复');
    });

    it('serves an item whose code holds a slash and Chinese characters', async () => {
      const created = await planner.items.create({
        code: 'M8/20 螺钉',
        name: '螺钉',
        uom: 'pcs',
        type: 'buy',
      });
      expect(await operator.items.get('M8/20 螺钉')).toEqual(created);
    });

    it('answers 404 for an unknown item', async () => {
      await expect(operator.items.get('NO-SUCH-ITEM')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('updates the planning fields and writes who changed what to the audit log', async () => {
      await planner.items.create({ code: 'CR-UPD', name: '旧名', uom: 'kg', type: 'buy' });
      const updated = await planner.request<Item>({
        method: 'PUT',
        path: '/items/CR-UPD',
        body: { name: '新名', safetyStock: 12.5, leadTime: 4, cost: 9.9, abcClass: 'A' },
      });
      expect(updated).toMatchObject({
        name: '新名',
        safetyStock: 12.5,
        leadTime: 4,
        cost: 9.9,
        abcClass: 'A',
      });
      const entry = await server.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject_id', '=', 'CR-UPD')
        .where('action', '=', 'item.update')
        .executeTakeFirstOrThrow();
      expect(entry.actor).toBe('pl-zhou');
      expect(entry.before).toMatchObject({ name: '旧名' });
      expect(entry.after).toMatchObject({ name: '新名' });
    });

    it('pages through items with a keyset cursor, each item once, in code order', async () => {
      const codes = Array.from({ length: 7 }, (_, i) => `PG-${String(i).padStart(2, '0')}`);
      for (const code of codes)
        await planner.items.create({ code, name: `分页 ${code}`, uom: 'pcs', type: 'buy' });
      const first = await operator.items.listPage({ q: 'PG-', limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const seen: string[] = [];
      for await (const item of operator.items.list({ q: 'PG-', limit: 3 })) seen.push(item.code);
      expect(seen).toEqual(codes);
    });

    it('filters the list by type', async () => {
      const document = await importTable('TY');
      const makes = await operator.items.listPage({ q: 'TY-', type: 'make' });
      expect(makes.items.map((item) => item.code).sort()).toEqual(
        document.items
          .filter((item) => item.type === 'make')
          .map((item) => item.code)
          .sort(),
      );
    });
  });

  describe('BOM explosion and where-used', () => {
    it('explodes exactly as the engine does on the same document', async () => {
      const document = await importTable('EX');
      const expected = compileBom(document).explode({ item: 'EX-TABLE', qty: 5, date: DATE });
      const answer = await operator.boms.explosion('EX-TABLE', { qty: 5, date: DATE });
      expect(byItem(answer)).toEqual(byItem(expected));
    });

    it('answers the indented tree, limited by maxDepth', async () => {
      const document = await importTable('TR');
      const engine = compileBom(document);
      const tree = await operator.boms.explosionTree('TR-TABLE', { qty: 2, date: DATE });
      expect(tree.rows).toEqual([...engine.explodeTree({ item: 'TR-TABLE', qty: 2, date: DATE })]);
      const shallow = await operator.request<{ rows: { level: number }[] }>({
        method: 'GET',
        path: '/boms/TR-TABLE/explosion',
        query: { qty: 2, date: DATE, tree: true, maxDepth: 1 },
      });
      expect(shallow.rows.every((row) => row.level === 1)).toBe(true);
      expect(shallow.rows.length).toBeGreaterThan(0);
    });

    it('lists every ancestor of a part with the quantity summed over its paths', async () => {
      const document = await importTable('WU');
      const expected = compileBom(document).whereUsed({ item: 'WU-SCREW', date: DATE });
      const answer = await operator.items.whereUsed('WU-SCREW', { date: DATE });
      const sorted = <T extends { usedIn: { item: string }[] }>(w: T) => ({
        ...w,
        usedIn: [...w.usedIn].sort((a, b) => a.item.localeCompare(b.item)),
      });
      expect(sorted(answer)).toEqual(sorted(expected));
      // the phantom kit holding the screws is listed, flagged, through the SDK schema too
      expect(answer.usedIn.filter((used) => used.phantom).map((used) => used.type)).toEqual(['phantom']);
      const table = answer.usedIn.find((used) => used.item === 'WU-TABLE');
      // 8 through the phantom kit + 4 legs (2 % scrap) × 2 screws.
      expect(table?.qtyPer).toBe(16.16);
    });

    it('reflects a PUT /boms at once in the explosion (the cached BOM is rebuilt)', async () => {
      await importTable('CA');
      const before = await operator.boms.explosion('CA-TABLE', { qty: 1, date: DATE });
      expect(before.requirements.find((r) => r.item === 'CA-LEG')?.qty).toBe(4.08);
      await planner.boms.put('CA-TABLE', {
        lines: [
          { child: 'CA-TOP', qty: 1 },
          { child: 'CA-LEG', qty: 6 },
        ],
      });
      const after = await operator.boms.explosion('CA-TABLE', { qty: 1, date: DATE });
      expect(after.requirements.find((r) => r.item === 'CA-LEG')?.qty).toBe(6);
      expect(after.requirements.some((r) => r.item === 'CA-KIT' || r.item === 'CA-SCREW')).toBe(true);
    });

    it('answers 404 when exploding an unknown item', async () => {
      await expect(operator.boms.explosion('NOPE', { qty: 1 })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('PUT /boms/{parent}', () => {
    it('stores the lines in order and answers them with the BOM revision', async () => {
      await importTable('PU');
      const lines = [
        { child: 'PU-WOOD', qty: 2.5, scrapRate: 0.05 },
        { child: 'PU-SCREW', qty: 6, effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
      ];
      const stored = await planner.boms.put('PU-TOP', { lines });
      expect(stored.lines).toEqual(lines);
      expect(stored.revision).toBeGreaterThan(0);
      const read = await operator.request<{ lines: unknown[] }>({ method: 'GET', path: '/boms/PU-TOP' });
      expect(read.lines).toEqual(lines);
    });

    it('refuses a line that would close a cycle, naming the line, and changes nothing', async () => {
      await importTable('CY');
      const before = await operator.request({ method: 'GET', path: '/boms/CY-WOOD' });
      const error = await planner.boms
        .put('CY-WOOD', {
          lines: [
            { child: 'CY-SCREW', qty: 1 },
            { child: 'CY-TABLE', qty: 1 },
          ],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/cycle/);
      expect((error as ValidationError).errors).toContainEqual(
        expect.objectContaining({ path: 'lines.1.child' }),
      );
      expect(await operator.request({ method: 'GET', path: '/boms/CY-WOOD' })).toEqual(before);
    });

    it('refuses an unknown child with the field path lines.N.child', async () => {
      await importTable('UK');
      const error = await planner.boms
        .put('UK-TABLE', {
          lines: [
            { child: 'UK-TOP', qty: 1 },
            { child: 'UK-GHOST', qty: 2 },
          ],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        { path: 'lines.1.child', message: "lines[1] UK-TABLE > UK-GHOST: unknown child item 'UK-GHOST'" },
      ]);
    });

    it('refuses a unit that does not convert to the child unit', async () => {
      await importTable('UM');
      const error = await planner.boms
        .put('UM-TOP', { lines: [{ child: 'UM-WOOD', qty: 3, uom: 'kg' }] })
        .catch((e: unknown) => e);
      expect((error as ValidationError).errors?.[0]?.path).toBe('lines.0.uom');
    });

    it('emits a bom.changed event in the same transaction', async () => {
      await importTable('EV');
      await planner.boms.put('EV-TOP', { lines: [{ child: 'EV-WOOD', qty: 4 }] });
      const event = await server.database.db
        .selectFrom('outbox_events')
        .selectAll()
        .where('topic', '=', 'bom.changed')
        .where('aggregate_id', '=', 'EV-TOP')
        .executeTakeFirstOrThrow();
      expect(event.payload).toMatchObject({ parent: 'EV-TOP', lines: [{ child: 'EV-WOOD', qty: 4 }] });
    });

    it('answers 404 for an unknown parent', async () => {
      await expect(planner.boms.put('NOPE-PARENT', { lines: [] })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('roles', () => {
    it('lets an operator read but not change items, BOMs or routings', async () => {
      await importTable('RO');
      expect((await operator.items.get('RO-TABLE')).code).toBe('RO-TABLE');
      await expect(
        operator.boms.put('RO-TABLE', { lines: [{ child: 'RO-TOP', qty: 1 }] }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        operator.items.create({ code: 'RO-NEW', name: '新', uom: 'pcs', type: 'buy' }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        operator.request({ method: 'PUT', path: '/items/RO-TABLE', body: { name: 'x' } }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(operator.boms.import(prefixed(TABLE_BOM, 'RO'))).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('lets an admin change a BOM', async () => {
      await importTable('AD');
      const admin = await server.as('admin');
      const bom = await admin.boms.put('AD-TOP', { lines: [{ child: 'AD-WOOD', qty: 1 }] });
      expect(bom.lines).toEqual([{ child: 'AD-WOOD', qty: 1 }]);
    });
  });

  describe('reference data', () => {
    it('lists warehouses with their locations, and workshops', async () => {
      const warehouses = await operator.request<{ items: { code: string; locations: { code: string }[] }[] }>(
        {
          method: 'GET',
          path: '/warehouses',
        },
      );
      const raw = warehouses.items.find((w) => w.code === 'WH-RM');
      expect(raw?.locations.map((l) => l.code)).toEqual(['RM-A01', 'RM-A02']);
      const workshops = await operator.request<{ items: { code: string; name: string }[] }>({
        method: 'GET',
        path: '/workshops',
      });
      expect(workshops.items).toContainEqual({
        code: 'WS-ASM',
        name: '总装车间',
        supervisor: null,
        active: true,
      });
    });

    it('stores a routing and reads it back in sequence', async () => {
      await importTable('RT');
      const operations = [
        { seq: 20, name: '组装', workshop: 'WS-ASM', workCenter: 'ASM-1', standardMinutes: 12 },
        {
          seq: 10,
          name: '下料',
          workshop: 'WS-MCH',
          workCenter: 'SAW-1',
          standardMinutes: 3.5,
          setupMinutes: 15,
        },
      ];
      await planner.request({ method: 'PUT', path: '/routings/RT-TABLE', body: { operations } });
      const routing = await operator.request<{ operations: { seq: number }[] }>({
        method: 'GET',
        path: '/routings/RT-TABLE',
      });
      expect(routing.operations).toEqual([operations[1], operations[0]]);
    });

    it('refuses a routing on an unknown workshop and a repeated seq', async () => {
      await importTable('RX');
      const put = (operations: unknown[]) =>
        planner.request({ method: 'PUT', path: '/routings/RX-TABLE', body: { operations } }).then(
          () => expect.unreachable('the routing should be refused'),
          (e: unknown) => e as ValidationError,
        );
      const op = { seq: 10, name: '下料', workshop: 'WS-MCH', workCenter: 'SAW-1', standardMinutes: 1 };
      expect((await put([{ ...op, workshop: 'WS-NONE' }])).errors?.[0]?.path).toBe('operations.0.workshop');
      expect((await put([op, op])).errors?.[0]?.path).toBe('operations.1.seq');
      await expect(operator.request({ method: 'GET', path: '/routings/RX-TABLE' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
});
