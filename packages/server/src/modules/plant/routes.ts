import type { AnyRoute } from '../../http/route.js';
import { userRoutes } from './user-routes.js';
import { warehouseRoutes } from './warehouse-routes.js';
import { workshopRoutes } from './workshop-routes.js';

/** Plant master data: warehouses, locations, workshops, work centers, users. */
export const plantRoutes: AnyRoute[] = [...warehouseRoutes, ...workshopRoutes, ...userRoutes];
