import type { Kysely } from 'kysely';
import type { ServerConfig } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../deps.js';

/** The limits the checks judge by; tests (and `doctor --threshold…` later) make them strict to see a check fail. */
export interface CheckupThresholds {
  backupWarnHours: number;
  backupFailHours: number;
  outboxLagWarnSeconds: number;
  outboxLagFailSeconds: number;
  deadLettersFail: number;
  certificateWarnDays: number;
  diskWarnBytes: number;
  diskFailBytes: number;
  clockWarnMs: number;
  clockFailMs: number;
  tokenIdleDays: number;
  /** Per network call of a check (platform token fetch, TLS handshake). */
  networkTimeoutMs: number;
}

export const DEFAULT_THRESHOLDS: CheckupThresholds = {
  backupWarnHours: 26,
  backupFailHours: 72,
  outboxLagWarnSeconds: 300,
  outboxLagFailSeconds: 3_600,
  deadLettersFail: 1,
  certificateWarnDays: 30,
  diskWarnBytes: 2 * 1024 ** 3,
  diskFailBytes: 500 * 1024 ** 2,
  clockWarnMs: 2_000,
  clockFailMs: 30_000,
  tokenIdleDays: 90,
  networkTimeoutMs: 8_000,
};

/** What every check reads: the server's settings and its database, inside the server or from `shopfloor doctor`. */
export interface CheckupContext {
  db: Kysely<Database>;
  dbKind: 'pglite' | 'postgres';
  config: ServerConfig;
  clock: Clock;
  thresholds: CheckupThresholds;
}
