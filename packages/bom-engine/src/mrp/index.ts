export { plan } from './plan.js';
export { type Replenishment, type ReplenishmentOptions, suggestReplenishment } from './replenishment.js';
export type {
  DatedQty,
  DayQty,
  ItemRecord,
  LotModifiers,
  LotSizingRule,
  MrpException,
  MrpExceptionKind,
  PlannedOrder,
  PlanOptions,
  PlanResult,
} from './types.js';
