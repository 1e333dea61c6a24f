export * from './alert.js';
export * from './audit.js';
export * from './bom.js';
export {
  DocumentRef,
  EARLIEST_INSTANT,
  Id,
  IsoDate,
  IsoDateTime,
  LATEST_INSTANT,
  NonNegativeQuantity,
  OperationSeq,
  PositiveQuantity,
  Quantity,
  WorkOrderNo,
} from './common.js';
export * from './cycle-count.js';
export * from './explosion.js';
export { fieldErrors } from './field-errors.js';
export * from './health.js';
export * from './issue-request.js';
export * from './item.js';
export * from './lot.js';
export * from './operation-qr.js';
export * from './operation-report.js';
export * from './page.js';
export * from './problem.js';
export * from './routing.js';
export * from './stock.js';
export * from './sync.js';
export * from './transfer.js';
export * from './user.js';
export { validate } from './validate.js';
export * from './warehouse.js';
export * from './work-order.js';
