import { createMemoryStorage, type WorkOrder } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { createWorkOrderCache, HOME_COPY_EVERY_MS } from './work-order-cache';

const order = (no: string): WorkOrder => ({
  no,
  item: 'TABLE',
  qty: 10,
  due: '2026-12-05',
  status: 'released',
  operations: [],
});

describe('work-order cache (what a scan shows offline)', () => {
  it('keeps the item name it learnt when a later copy comes without it', async () => {
    const cache = createWorkOrderCache(createMemoryStorage());
    await cache.put(
      order('WO-1'),
      { code: 'TABLE', name: '餐桌' } as never,
      new Date('2026-12-01T08:00:00Z'),
    );
    await cache.put({ ...order('WO-1'), qty: 12 }, undefined, new Date('2026-12-01T09:00:00Z'));
    expect(await cache.get('WO-1')).toEqual({
      order: { ...order('WO-1'), qty: 12 },
      itemName: '餐桌',
      fetchedAt: '2026-12-01T09:00:00.000Z',
    });
    expect(await cache.get('WO-2')).toBeUndefined();
  });

  it('forgets the oldest work orders beyond 200', async () => {
    const storage = createMemoryStorage();
    const cache = createWorkOrderCache(storage);
    const start = Date.parse('2026-12-01T00:00:00Z');
    for (let n = 0; n < 203; n++) await cache.put(order(`WO-${n}`), undefined, new Date(start + n * 60_000));
    expect(await storage.keys('wo-cache:')).toHaveLength(200);
    expect(await cache.get('WO-0')).toBeUndefined();
    expect(await cache.get('WO-2')).toBeUndefined();
    expect(await cache.get('WO-3')).toBeDefined();
    expect(await cache.get('WO-202')).toBeDefined();
  });

  it("stores the home page's list in one go, keeping known names and trimming to 200 once", async () => {
    const storage = createMemoryStorage();
    const cache = createWorkOrderCache(storage);
    await cache.put(
      order('WO-0'),
      { code: 'TABLE', name: '餐桌' } as never,
      new Date('2026-12-01T07:00:00Z'),
    );
    const list = Array.from({ length: 205 }, (_, n) => order(`WO-${n}`));
    await cache.putAll(list, new Date('2026-12-01T08:00:00Z'));
    expect(await storage.keys('wo-cache:')).toHaveLength(200);
    expect((await cache.get('WO-204'))?.fetchedAt).toBe('2026-12-01T08:00:00.000Z');
  });

  it('asks the home page for whole copies when none, older than 10 minutes, of other workshops or from the future', async () => {
    const storage = createMemoryStorage();
    const cache = createWorkOrderCache(storage);
    const at = Date.parse('2026-12-01T08:00:00Z');
    expect(await cache.homeCopyDue(at, 'WS-ASM')).toBe(true);
    await cache.putAll([order('WO-1')], new Date(at), 'WS-ASM');
    expect(await cache.homeCopyDue(at, 'WS-ASM')).toBe(false);
    expect(await cache.homeCopyDue(at + HOME_COPY_EVERY_MS - 1, 'WS-ASM')).toBe(false);
    expect(await cache.homeCopyDue(at + HOME_COPY_EVERY_MS, 'WS-ASM')).toBe(true);
    expect(await cache.homeCopyDue(at, 'WS-CUT,WS-MCH')).toBe(true);
    expect(await cache.homeCopyDue(at - 1, 'WS-ASM')).toBe(true);
    // The mark is no work order: never evicted, never counted among the 200.
    expect(await storage.keys('wo-cache:')).toHaveLength(1);
    await storage.set('wo-cache-stored', '{not json');
    expect(await cache.homeCopyDue(at, 'WS-ASM')).toBe(true);
  });

  it('reads a damaged entry as a miss', async () => {
    const storage = createMemoryStorage([['wo-cache:WO-9', '{not json']]);
    expect(await createWorkOrderCache(storage).get('WO-9')).toBeUndefined();
  });
});
