import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { BomService } from '../catalog/bom-service.js';
import { type BalanceChange, type PostingInput, postMovements } from './ledger.js';
import { syncSafetyStockAlerts } from './safety-stock.js';

/** Posts movements through the ledger and keeps safety-stock alerts in step, in the caller's transaction. */
export interface StockService {
  post(db: Db, posting: PostingInput): Promise<BalanceChange[]>;
}

export function createStockService(deps: AppDeps, parts: { boms: BomService }): StockService {
  return {
    async post(db, posting) {
      const at = posting.at ?? deps.clock.now();
      const changes = await postMovements(db, { ...posting, at });
      await syncSafetyStockAlerts(db, posting.orgId, changes, at, () =>
        parts.boms.compiled(db, posting.orgId),
      );
      return changes;
    },
  };
}
