import { AuthCodeInput, AuthSession, WeComJsSignature, WeComJsSignatureQuery } from '@shopfloor/sdk';
import { badRequest, notFound } from '../../http/problem.js';
import { signInLimiter } from '../../http/rate-limit.js';
import { defineRoute } from '../../http/route.js';
import { platformClients } from './clients.js';
import { type LoginPlatform, loginWithCode } from './login.js';
import { platformProblem } from './problems.js';
import { jsSdkSignature, newNonce, withoutFragment } from './wecom.js';

// Logins are not mutations in the route layer's sense: the code exchange is a network call that must
// not hold a database transaction open, and a spent code cannot be replayed by an idempotency key.
const loginRoute = (platform: LoginPlatform, summary: string, description: string) =>
  defineRoute({
    method: 'post',
    path: `/auth/${platform}`,
    summary,
    description,
    tags: ['auth'],
    auth: 'public',
    body: AuthCodeInput,
    response: AuthSession,
    status: 200,
    mutation: false,
    errors: [401, 403, 404, 429, 503],
    async handler({ body, deps, c }) {
      // Counted before the exchange: a refused attempt never reaches DingTalk or WeCom.
      await signInLimiter(deps).takeIp(c);
      return loginWithCode(deps, platform, body.code);
    },
  });

export const loginRoutes = [
  loginRoute(
    'dingtalk',
    'Sign in with a DingTalk code',
    "Exchanges the code from `dd.runtime.permission.requestAuthCode` with DingTalk (corp and app keys are the server's own settings). " +
      'A DingTalk user unknown to Shopfloor is recorded without roles and refused (403) until an administrator grants a role.',
  ),
  loginRoute(
    'wecom',
    'Sign in with a WeCom OAuth code',
    "Exchanges the OAuth `code` WeCom put in the page URL. The corpId is the server's WECOM_CORP_ID; one sent by the client is ignored. " +
      'Unknown members are recorded without roles and refused (403) until an administrator grants a role.',
  ),
  defineRoute({
    method: 'get',
    path: '/auth/wecom/js-signature',
    summary: 'Sign a page for the WeCom JS-SDK',
    description:
      'kind=corp signs `ww.config` with the corp jsapi ticket, kind=agent signs `ww.agentConfig` with the agent ticket. ' +
      'The URL is signed without its #fragment, so one signature serves every hash route of the H5 app.',
    tags: ['auth'],
    auth: 'any',
    query: WeComJsSignatureQuery,
    response: WeComJsSignature,
    errors: [404, 503],
    async handler({ query, deps }) {
      const wecom = deps.config.wecom;
      const client = platformClients(deps).wecom;
      if (!wecom || !client) throw notFound('WeCom is not configured on this server');
      const url = withoutFragment(query.url);
      if (!/^https?:\/\/[^/\s]+/i.test(url)) {
        throw badRequest('url must be the absolute http(s) URL of the page', [
          { path: 'query.url', message: 'not an absolute http(s) URL' },
        ]);
      }
      let ticket: string;
      try {
        ticket = await client.jsapiTicket(query.kind);
      } catch (err) {
        throw platformProblem(err, '');
      }
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      const nonceStr = newNonce();
      return {
        corpId: wecom.corpId,
        ...(query.kind === 'agent' ? { agentId: wecom.agentId } : {}),
        timestamp,
        nonceStr,
        signature: jsSdkSignature({ ticket, nonceStr, timestamp, url }),
      };
    },
  }),
];
