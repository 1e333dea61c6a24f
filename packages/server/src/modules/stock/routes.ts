import { Page, StockBalance, StockBalanceQuery, StockMovement, StockMovementQuery } from '@shopfloor/sdk';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { listBalances, listMovements } from './queries.js';
import { createReceipt, Receipt, ReceiptInput } from './receipts.js';

const balances = defineRoute({
  method: 'get',
  path: '/stock/balances',
  summary: 'Stock on the books by item, location and lot (库存)',
  tags: ['stock'],
  auth: 'any',
  query: StockBalanceQuery,
  response: Page(StockBalance),
  handler: ({ query, user, db }) => listBalances(db, user.orgId, query),
});

const movements = defineRoute({
  method: 'get',
  path: '/stock/movements',
  summary: 'The stock ledger, newest first (库存流水)',
  tags: ['stock'],
  auth: 'any',
  query: StockMovementQuery,
  response: Page(StockMovement),
  handler: ({ query, user, db }) => listMovements(db, user.orgId, query),
});

const receipts = defineRoute({
  method: 'post',
  path: '/stock/receipts',
  summary: 'Receive stock with a receipt document (采购/其他入库), posted at once',
  description:
    'Stock enters only through documents: this receipt, production receipts and approved returns. ' +
    'The caller must keep the warehouse of the locations (storekeeper scope).',
  tags: ['stock'],
  auth: ['storekeeper'],
  body: ReceiptInput,
  response: Receipt,
  errors: [409],
  handler: (ctx) => createReceipt(ctx),
});

export const stockRoutes: AnyRoute[] = [balances, movements, receipts];
