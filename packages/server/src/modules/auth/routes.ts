import { AuthSession, DevLoginInput, User } from '@shopfloor/sdk';
import { forbidden, notFound, unauthorized } from '../../http/problem.js';
import { signInLimiter } from '../../http/rate-limit.js';
import { defineRoute } from '../../http/route.js';
import { signSession } from '../../http/session.js';
import { configRoute } from './config-route.js';
import { findUser, toPrincipal, toUser } from './store.js';

export const authRoutes = [
  configRoute,
  defineRoute({
    method: 'post',
    path: '/auth/dev-login',
    summary: 'Sign in as a demo user (demo mode only)',
    description:
      'Exists only while the server runs in demo mode, which is off whenever DingTalk or WeCom credentials are configured.',
    tags: ['auth'],
    auth: 'public',
    body: DevLoginInput,
    response: AuthSession,
    status: 200,
    errors: [404, 429],
    async handler({ body, db, deps, c }) {
      if (!deps.config.demo) throw notFound('dev-login exists only in demo mode');
      const limiter = signInLimiter(deps);
      await limiter.takeIp(c);
      await limiter.takeUser(`demo:${body.userId}`);
      const row = await findUser(db, deps.config.orgId, body.userId);
      if (!row?.active) throw unauthorized(`no demo user '${body.userId}'`);
      const token = await signSession(
        { ...toPrincipal(row), demo: true },
        deps.secrets.session,
        Math.floor(deps.clock.now().getTime() / 1000),
      );
      return { token, user: toUser(row) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in user',
    tags: ['auth'],
    auth: 'any',
    response: User,
    async handler({ user, db }) {
      const row = await findUser(db, user.orgId, user.userId);
      if (!row?.active) throw forbidden('this user is no longer active', undefined, 'user-inactive');
      return toUser(row);
    },
  }),
];
