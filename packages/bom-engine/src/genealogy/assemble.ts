import { buildForward, buildReverse } from './adjacency.js';
import type { EdgeList } from './edge-list.js';
import { GenealogyError } from './errors.js';
import { Genealogy } from './genealogy.js';
import { LOT_CONSUMED, LOT_SHIP_TARGET, type LotTable } from './lot-table.js';

/** The last step of every input path: derive lot flags, build both CSR directions, optionally check cycles. */
export function assembleGenealogy(lots: LotTable, edges: EdgeList, validate: boolean): Genealogy {
  const { flags } = lots;
  for (let e = 0; e < edges.count; e++) {
    if (edges.kind !== null && edges.kind[e] === 1) flags[edges.to[e]] |= LOT_SHIP_TARGET;
    else flags[edges.from[e]] |= LOT_CONSUMED;
  }
  const forward = buildForward(lots.size, edges);
  const reverse = buildReverse(lots.size, forward);
  const genealogy = new Genealogy(lots, forward, reverse);
  if (validate) {
    const cycle = genealogy.findCycle();
    if (cycle !== null) {
      throw new GenealogyError(
        'GENEALOGY_CYCLE',
        `genealogy cycle ${cycle.join(' > ')}: a lot cannot consume itself`,
        {
          path: cycle,
        },
      );
    }
  }
  return genealogy;
}
