/**
 * Operation scheduling (排程): work-center calendars compiled into working intervals, forward and
 * backward plans of a work order's operations (infinite capacity), the load per work center and
 * day, and lateness against standard time. Pure: no database, no clock. See docs/scheduling.md.
 */
export { CompiledCalendar, compileCalendar } from './calendar.js';
export { SchedulingError, type SchedulingErrorCode } from './errors.js';
export { isLate, type Lateness, lateness, type OperationProgress } from './late.js';
export { type WorkCenterDay, workCenterLoad } from './load.js';
export {
  type OperationDuration,
  type OperationToPlan,
  operationDuration,
  type PlannedOperation,
  plan,
  planBackward,
  planForward,
  replan,
  type Schedule,
} from './plan.js';
export {
  DEFAULT_LATE_TOLERANCE,
  DEFAULT_SCHEDULE_CALENDAR,
  DEFAULT_SCHEDULE_CALENDAR_TEXT,
  parseSchedulingSettings,
  type SchedulingSettings,
} from './settings.js';
export { dueInstant, SHANGHAI_OFFSET_MINUTES } from './time.js';
export { type ResolvedWorkCenter, type WorkCenterInfo, WorkCenters } from './work-centers.js';
