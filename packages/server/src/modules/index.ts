import type { AnyRoute } from '../http/route.js';
import { authRoutes } from './auth/routes.js';
import { healthRoutes } from './health/routes.js';

/** Every route of the API, module by module. */
export function allRoutes(): AnyRoute[] {
  return [...healthRoutes, ...authRoutes];
}
