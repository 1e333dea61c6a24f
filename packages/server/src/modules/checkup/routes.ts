import { Page } from '@shopfloor/sdk';
import { CheckupHistoryQuery, CheckupRun } from '@shopfloor/sdk/admin';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { checkupContext } from './checkup-context.js';
import { runCheckup } from './run.js';
import { listCheckupRuns, saveCheckupRun } from './store.js';

const runNow = defineRoute({
  method: 'get',
  path: '/health/checkup',
  summary: 'Check-up (一键体检): runs every check now, stores the run and answers it',
  description:
    'Database, migrations, table privileges, backup age, sync outbox / dead letters / connectors, DingTalk and WeCom credentials (a real token fetch), TLS certificates, disk, clock skew, security. Each check is ok, warn or fail, with the fix in one sentence in Chinese and English.',
  tags: ['health'],
  auth: ['admin'],
  response: CheckupRun,
  async handler({ deps, user }) {
    const result = await runCheckup(checkupContext(deps));
    return saveCheckupRun(deps.db, user.orgId, user.userId, result);
  },
});

const history = defineRoute({
  method: 'get',
  path: '/health/checkup/history',
  summary: 'Past check-up runs, newest first',
  tags: ['health'],
  auth: ['admin'],
  query: CheckupHistoryQuery,
  response: Page(CheckupRun),
  async handler({ deps, user, query }) {
    return listCheckupRuns(deps.db, user.orgId, query);
  },
});

export const checkupRoutes: AnyRoute[] = [runNow, history];
