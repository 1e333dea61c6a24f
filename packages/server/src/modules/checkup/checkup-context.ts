import type { AppDeps } from '../../deps.js';
import { type CheckupContext, type CheckupThresholds, DEFAULT_THRESHOLDS } from './context.js';

const overrides = new WeakMap<AppDeps, Partial<CheckupThresholds>>();

/** Tests make a limit strict (disk, clock…) to see that check fail on a healthy machine. */
export function setCheckupThresholds(deps: AppDeps, thresholds: Partial<CheckupThresholds>): void {
  overrides.set(deps, { ...overrides.get(deps), ...thresholds });
}

/** The check-up's view of a running server. */
export function checkupContext(deps: AppDeps): CheckupContext {
  return {
    db: deps.db,
    dbKind: deps.dbKind,
    config: deps.config,
    clock: deps.clock,
    thresholds: { ...DEFAULT_THRESHOLDS, ...overrides.get(deps) },
  };
}
