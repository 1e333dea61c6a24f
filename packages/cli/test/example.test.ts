import { fileURLToPath } from 'node:url';
import { compileBom, validateBom } from '@shopfloor/bom-engine';
import { describe, expect, it } from 'vitest';
import { loadBomFile } from '../src/index.js';

const sample = fileURLToPath(new URL('../../../examples/bom-from-excel/factory-bom.xlsx', import.meta.url));

describe('the committed Excel sample (examples/bom-from-excel)', () => {
  it('loads from its Chinese sheets and headers without a single issue', async () => {
    const { document } = await loadBomFile(sample);
    expect(document.items.length).toBeGreaterThan(10);
    expect(validateBom(document)).toEqual([]);
  });

  it('shows what it is meant to show: a phantom kit, and one screw used on several levels', async () => {
    const bom = compileBom((await loadBomFile(sample)).document);
    const kits = [...bom.items()].filter((item) => item.type === 'phantom');
    expect(kits.map((kit) => kit.code)).toEqual(['HW-KIT']);
    const users = bom.whereUsed({ item: 'SCR-M6X40', date: '2026-07-01' }).usedIn;
    expect(
      new Set(users.filter((u) => u.direct).map((u) => bom.itemInfo(u.item).lowLevelCode)).size,
    ).toBeGreaterThan(1);
  });
});
