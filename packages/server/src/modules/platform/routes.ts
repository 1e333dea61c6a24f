import type { AnyRoute } from '../../http/route.js';
import { adminRoutes } from './admin-routes.js';
import { loginRoutes } from './login-routes.js';

export const platformRoutes: AnyRoute[] = [...loginRoutes, ...adminRoutes];
