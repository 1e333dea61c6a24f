import type { AnyRoute } from '../../http/route.js';
import { lifecycleRoutes } from './lifecycle.js';
import { lotRoutes } from './lot-routes.js';
import { reportRoutes } from './report-routes.js';
import { workOrderRoutes } from './work-order-routes.js';

/** Work orders, operation reports (报工) and lot genealogy. */
export const productionRoutes: AnyRoute[] = [
  ...workOrderRoutes,
  ...lifecycleRoutes,
  ...reportRoutes,
  ...lotRoutes,
];
