import type { AnyRoute } from '../../http/route.js';
import { bomRoutes } from './bom-routes.js';
import { itemRoutes } from './item-routes.js';
import { referenceRoutes } from './reference-routes.js';

/** Items, BOMs (import, editing, explosion, where-used) and the reference data around them. */
export const catalogRoutes: AnyRoute[] = [...itemRoutes, ...bomRoutes, ...referenceRoutes];
