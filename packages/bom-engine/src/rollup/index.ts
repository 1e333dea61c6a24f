export { type CostRollupOptions, type CostRollupResult, costOf, costRollup, type ItemCost } from './cost.js';
export {
  type ItemLeadTime,
  type LeadTimeOptions,
  type LeadTimeResult,
  type LeadTimesResult,
  leadTime,
  leadTimes,
} from './lead-time.js';
