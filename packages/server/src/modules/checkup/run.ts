import type { CheckupCheck, CheckupStatus } from '@shopfloor/sdk/admin';
import { backupCheck } from './checks/backup.js';
import { certificatesCheck } from './checks/certificates.js';
import { clockCheck } from './checks/clock.js';
import { databaseCheck, migrationsCheck, privilegesCheck } from './checks/database.js';
import { diskCheck } from './checks/disk.js';
import { dingtalkCheck, wecomCheck } from './checks/platforms.js';
import { adminsCheck, sessionSecretCheck, tokensCheck } from './checks/security.js';
import { connectorsCheck, deadLettersCheck, outboxCheck } from './checks/sync.js';
import type { CheckupContext } from './context.js';
import { check, errorMessage, say, worstOf } from './words.js';

type CheckFn = (ctx: CheckupContext) => Promise<CheckupCheck>;

/** Every check, in the order people read them. The id is repeated for a check that throws. */
export const CHECKS: readonly (readonly [string, CheckFn])[] = [
  ['database', databaseCheck],
  ['migrations', migrationsCheck],
  ['privileges', privilegesCheck],
  ['backup', backupCheck],
  ['sync.outbox', outboxCheck],
  ['sync.dead-letters', deadLettersCheck],
  ['sync.connectors', connectorsCheck],
  ['platform.dingtalk', dingtalkCheck],
  ['platform.wecom', wecomCheck],
  ['certificates', certificatesCheck],
  ['disk', diskCheck],
  ['clock', (ctx) => clockCheck(ctx)],
  ['security.admins', adminsCheck],
  ['security.tokens', tokensCheck],
  ['security.session-secret', sessionSecretCheck],
];

export interface CheckupResult {
  status: CheckupStatus;
  durationMs: number;
  checks: CheckupCheck[];
}

/** Runs every check at once; one that throws is a failure of its own, not of the run. */
export async function runCheckup(ctx: CheckupContext): Promise<CheckupResult> {
  const started = performance.now();
  const checks = await Promise.all(
    CHECKS.map(([id, fn]) =>
      fn(ctx).catch((err: unknown) =>
        check(
          id,
          'fail',
          say('检查无法完成', 'the check could not run'),
          say(
            '先解决数据库连接问题，再重新体检。',
            'Fix the database connection first, then run the check-up again.',
          ),
          [errorMessage(err)],
        ),
      ),
    ),
  );
  return {
    status: worstOf(checks.map((c) => c.status)),
    durationMs: Math.round(performance.now() - started),
    checks,
  };
}
