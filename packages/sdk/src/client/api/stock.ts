import {
  StockBalance,
  type StockBalanceQuery,
  StockMovement,
  type StockMovementQuery,
} from '../../schemas/stock.js';
import type { Request } from '../request.js';
import { listMethods } from './shared.js';

export function stockApi(request: Request) {
  const balances = listMethods<StockBalance, StockBalanceQuery>(request, '/stock/balances', StockBalance);
  const movements = listMethods<StockMovement, StockMovementQuery>(
    request,
    '/stock/movements',
    StockMovement,
  );
  return {
    /** Every balance matching the query, page after page. */
    balances: balances.list,
    balancesPage: balances.listPage,
    /** The ledger lines matching the query, page after page. */
    movements: movements.list,
    movementsPage: movements.listPage,
  };
}
