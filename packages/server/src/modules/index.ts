import type { AnyRoute } from '../http/route.js';
import { alertRulesRoutes } from './alert-rules/routes.js';
import { alertsRoutes } from './alerts/routes.js';
import { analyticsRoutes } from './analytics/routes.js';
import { authRoutes } from './auth/routes.js';
import { backupRoutes } from './backup/routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { chatApprovalsRoutes } from './chat-approvals/routes.js';
import { checkupRoutes } from './checkup/routes.js';
import { countsRoutes } from './counts/routes.js';
import { healthRoutes } from './health/routes.js';
import { issueRequestsRoutes } from './issue-requests/routes.js';
import { planningRoutes } from './planning/routes.js';
import { plantRoutes } from './plant/routes.js';
import { platformRoutes } from './platform/routes.js';
import { productionRoutes } from './production/routes.js';
import { reconciliationRoutes } from './reconciliation/routes.js';
import { setupRoutes } from './setup/routes.js';
import { stockRoutes } from './stock/routes.js';
import { inboundRoutes } from './sync/inbound/routes.js';
import { inboundSourceRoutes } from './sync/inbound/sources/routes.js';
import { mappingRoutes } from './sync/mapping/routes.js';
import { syncRoutes } from './sync/routes.js';
import { transfersRoutes } from './transfers/routes.js';

/** Every route of the API, module by module. */
export function allRoutes(): AnyRoute[] {
  return [
    ...healthRoutes,
    ...checkupRoutes,
    ...authRoutes,
    ...platformRoutes,
    ...chatApprovalsRoutes,
    // Before plantRoutes: /work-centers/load is not a work center code.
    ...planningRoutes,
    ...analyticsRoutes,
    ...plantRoutes,
    ...catalogRoutes,
    ...productionRoutes,
    ...issueRequestsRoutes,
    ...stockRoutes,
    ...countsRoutes,
    ...transfersRoutes,
    ...alertsRoutes,
    ...alertRulesRoutes,
    ...syncRoutes,
    ...inboundRoutes,
    ...mappingRoutes,
    ...inboundSourceRoutes,
    ...reconciliationRoutes,
    ...setupRoutes,
    ...backupRoutes,
  ];
}
