import { Health } from '@shopfloor/sdk';
import { defineRoute } from '../../http/route.js';
import { evaluateHealth } from './evaluate.js';

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Health: database reachable and writable, table privileges, migrations current, sync outbox lag',
    description:
      '200 when ok or degraded, 503 when down. Writability is probed with a real insert in a rolled-back transaction; the privileges the server needs on every table it writes are read with has_table_privilege (cached up to 5 s).',
    tags: ['health'],
    auth: 'public',
    response: Health,
    errors: [503],
    async handler({ deps, c }) {
      const body = await evaluateHealth(deps.db);
      return c.json(body, body.status === 'down' ? 503 : 200);
    },
  }),
];
