// The check-up (一键体检): what `GET /health/checkup` answers, what the console shows and what
// `shopfloor doctor --server` prints. Admin only, so it lives in `@shopfloor/sdk/admin`.
import * as z from 'zod/mini';
import { listMethods } from '../client/api/shared.js';
import type { Request } from '../client/request.js';
import { described, IsoDateTime, int, named, pageQueryFields } from '../schemas/common.js';

export const CheckupStatus = described(
  z.enum(['ok', 'warn', 'fail']),
  'ok · warn (look soon) · fail (act now)',
);
export type CheckupStatus = z.infer<typeof CheckupStatus>;

/** One sentence in both languages the product speaks. */
export const Bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

export const CheckupCheck = named(
  z.object({
    id: described(
      z.string(),
      "Stable id: 'database', 'privileges', 'backup', 'sync.outbox', 'certificates'…",
    ),
    status: CheckupStatus,
    summary: Bilingual,
    fix: z.optional(described(Bilingual, 'One sentence: what to do; present whenever status is not ok')),
    details: z.optional(z.array(z.string())),
  }),
  'CheckupCheck',
);
export type CheckupCheck = z.infer<typeof CheckupCheck>;

export const CheckupRun = named(
  z.object({
    id: described(z.string(), 'The stored run'),
    ranAt: IsoDateTime,
    ranBy: described(z.string(), "Who ran it: a user id, 'cli:<login>' or 'monitor'"),
    status: described(CheckupStatus, 'The worst status of its checks'),
    durationMs: int(0),
    checks: z.array(CheckupCheck),
  }),
  'CheckupRun',
);
export type CheckupRun = z.infer<typeof CheckupRun>;

export const CheckupHistoryQuery = z.object(pageQueryFields);
export type CheckupHistoryQuery = z.infer<typeof CheckupHistoryQuery>;

/** Exit code of `shopfloor doctor` for a run: 0 ok, 1 warn, 2 fail. */
export const checkupExitCode = (status: CheckupStatus): 0 | 1 | 2 =>
  status === 'ok' ? 0 : status === 'warn' ? 1 : 2;

export function checkupApi(request: Request) {
  return {
    /** Runs every check now and stores the run. */
    run: async () => request({ method: 'GET', path: '/health/checkup', schema: CheckupRun, retry: false }),
    /** Past runs, newest first. */
    ...listMethods<CheckupRun, { cursor?: string; limit?: number }>(
      request,
      '/health/checkup/history',
      CheckupRun,
    ),
  };
}
