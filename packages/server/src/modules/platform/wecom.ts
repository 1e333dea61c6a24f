import { createHash, randomBytes } from 'node:crypto';
import type { ServerConfig } from '../../config.js';
import type { Clock } from '../../deps.js';
import type { PlatformIdentity } from './dingtalk.js';
import { PlatformRejectedError } from './errors.js';
import { ExpiringValue } from './expiring-value.js';
import { type PlatformAnswer, platformFetch } from './platform-fetch.js';

export type WeComConfig = NonNullable<ServerConfig['wecom']>;
export type TicketKind = 'corp' | 'agent';

/** The WeCom server API (qyapi): access token, OAuth code exchange, JS-SDK tickets, app messages. */
export interface WeComClient {
  accessToken(): Promise<string>;
  /** `auth/getuserinfo`: the member behind an OAuth code. Non-members (openid only) are refused. */
  userByCode(code: string): Promise<PlatformIdentity>;
  /** corp: `get_jsapi_ticket` (wx.config); agent: `ticket/get?type=agent_config` (wx.agentConfig). */
  jsapiTicket(kind: TicketKind): Promise<string>;
  /** 应用消息 `message/send` as the server's agent; `@all` when no users are named. */
  sendAppMessage(to: { userIds?: string[] }, markdown: string): Promise<void>;
  /**
   * 应用消息 `message/send`, msgtype template_card, to the users named (never `@all`). Answers the
   * card's one-time `response_code` (interactive cards) and the users WeCom did not know.
   */
  sendTemplateCard(
    userIds: readonly string[],
    card: Record<string, unknown>,
  ): Promise<{ responseCode?: string; invalidUsers: string[] }>;
  /**
   * `message/update_template_card`: replaces a sent card for everyone who got it (`all`) or for the
   * users named, spending a one-time `response_code` (72 h).
   */
  updateTemplateCard(
    to: { all: true } | { userIds: readonly string[] },
    responseCode: string,
    card: Record<string, unknown>,
  ): Promise<void>;
}

export function createWeComClient(config: WeComConfig, clock: Clock): WeComClient {
  const base = config.apiBase.replace(/\/$/, '');
  const token = new ExpiringValue(async () => {
    const q = new URLSearchParams({ corpid: config.corpId, corpsecret: config.secret });
    const answer = await platformFetch({
      platform: 'WeCom',
      api: 'gettoken',
      url: `${base}/cgi-bin/gettoken?${q}`,
    });
    return { value: String(answer.access_token), expiresIn: Number(answer.expires_in ?? 7200) };
  }, clock);

  const call = async (
    api: string,
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
  ): Promise<PlatformAnswer> => {
    for (let attempt = 0; ; attempt++) {
      const q = new URLSearchParams({ access_token: await token.get(), ...query });
      try {
        return await platformFetch({
          platform: 'WeCom',
          api,
          method: body === undefined ? 'GET' : 'POST',
          url: `${base}${path}?${q}`,
          body,
        });
      } catch (err) {
        if (attempt === 0 && err instanceof PlatformRejectedError && err.tokenExpired) {
          token.invalidate();
          continue;
        }
        throw err;
      }
    }
  };

  const ticket = (kind: TicketKind) =>
    new ExpiringValue(async () => {
      const answer =
        kind === 'corp'
          ? await call('get_jsapi_ticket', '/cgi-bin/get_jsapi_ticket')
          : await call('ticket/get', '/cgi-bin/ticket/get', { type: 'agent_config' });
      return { value: String(answer.ticket), expiresIn: Number(answer.expires_in ?? 7200) };
    }, clock);
  const tickets = { corp: ticket('corp'), agent: ticket('agent') };

  return {
    accessToken: () => token.get(),
    async userByCode(code) {
      const answer = await call('auth/getuserinfo', '/cgi-bin/auth/getuserinfo', { code });
      const userId = (answer.userid ?? answer.UserId) as string | undefined;
      if (!userId) {
        throw new PlatformRejectedError(
          'WeCom',
          -1,
          'the code belongs to someone outside the corp',
          'auth/getuserinfo',
        );
      }
      return { userId };
    },
    jsapiTicket: (kind) => tickets[kind].get(),
    async sendAppMessage(to, markdown) {
      await call(
        'message/send',
        '/cgi-bin/message/send',
        {},
        {
          touser: to.userIds?.length ? to.userIds.join('|') : '@all',
          msgtype: 'markdown',
          agentid: Number(config.agentId),
          markdown: { content: markdown },
        },
      );
    },
    async sendTemplateCard(userIds, card) {
      const answer = await call(
        'message/send',
        '/cgi-bin/message/send',
        {},
        {
          touser: userIds.join('|'),
          msgtype: 'template_card',
          agentid: Number(config.agentId),
          template_card: card,
        },
      );
      return {
        responseCode: typeof answer.response_code === 'string' ? answer.response_code : undefined,
        invalidUsers: String(answer.invaliduser ?? '')
          .split('|')
          .filter(Boolean),
      };
    },
    async updateTemplateCard(to, responseCode, card) {
      await call(
        'message/update_template_card',
        '/cgi-bin/message/update_template_card',
        {},
        {
          ...('all' in to ? { atall: 1 } : { userids: to.userIds }),
          agentid: Number(config.agentId),
          response_code: responseCode,
          template_card: card,
        },
      );
    },
  };
}

export interface JsSdkSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: number;
  url: string;
}

/** sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, with the URL cut at `#` as WeCom signs it. */
export function jsSdkSignature(input: JsSdkSignatureInput): string {
  const url = withoutFragment(input.url);
  return createHash('sha1')
    .update(`jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${url}`)
    .digest('hex');
}

export const withoutFragment = (url: string) => url.split('#', 1)[0]!;

export const newNonce = () => randomBytes(12).toString('base64url');

/** Posts a markdown message through a group robot; the webhook key is the secret. */
export async function sendWeComRobot(apiBase: string, key: string, markdown: string): Promise<void> {
  await platformFetch({
    platform: 'WeCom',
    api: 'webhook/send',
    method: 'POST',
    url: `${apiBase.replace(/\/$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    body: { msgtype: 'markdown', markdown: { content: markdown } },
  });
}
