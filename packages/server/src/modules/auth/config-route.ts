import { ClientConfig } from '@shopfloor/sdk';
import { defineRoute } from '../../http/route.js';
import { toUser } from './store.js';

/**
 * `GET /auth/config`: public, because the app needs it before anyone signs in. The corp ids are the
 * server's own settings; the client never chooses them.
 */
export const configRoute = defineRoute({
  method: 'get',
  path: '/auth/config',
  summary: 'What an app needs before signing in: corp ids, demo mode and the demo accounts',
  tags: ['auth'],
  auth: 'public',
  response: ClientConfig,
  async handler({ db, deps }) {
    const { config } = deps;
    const demoUsers = config.demo
      ? (
          await db
            .selectFrom('users')
            .selectAll()
            .where('org_id', '=', config.orgId)
            .where('active', '=', true)
            .orderBy('id')
            .limit(50)
            .execute()
        )
          .filter((row) => row.roles.length > 0)
          .map(toUser)
      : undefined;
    return {
      orgName: config.orgName,
      demo: config.demo,
      dingtalkCorpId: config.dingtalk?.corpId,
      wecomCorpId: config.wecom?.corpId,
      wecomAgentId: config.wecom?.agentId,
      demoUsers,
    };
  },
});
