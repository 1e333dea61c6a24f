/** Load a factory's Excel BOM, explode 10 dining tables and find where a screw is used. */
import { fileURLToPath } from 'node:url';
import { compileBom } from '@shopfloor/bom-engine';
import { loadBomFile } from '@shopfloor/cli';

const { document } = await loadBomFile(fileURLToPath(new URL('./factory-bom.xlsx', import.meta.url)));
const bom = compileBom(document);
const date = '2026-07-01';

console.log('10 × DT-1600 实木餐桌, gross requirements:');
for (const r of bom.explode({ item: 'DT-1600', qty: 10, date }).requirements) {
  console.log(
    `  ${r.item.padEnd(10)} ${String(r.qty).padStart(8)} ${r.uom.padEnd(4)} ${bom.itemInfo(r.item).name}`,
  );
}

console.log('\nSCR-M6X40 十字沉头螺丝 is used in:');
for (const u of bom.whereUsed({ item: 'SCR-M6X40', date }).usedIn) {
  console.log(
    `  ${u.item.padEnd(10)} ${String(u.qtyPer).padStart(6)} per unit${u.direct ? ', direct' : ''}${u.endItem ? ', end item' : ''}`,
  );
}
