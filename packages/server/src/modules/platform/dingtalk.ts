import { createHmac } from 'node:crypto';
import type { ServerConfig } from '../../config.js';
import type { Clock } from '../../deps.js';
import { PlatformRejectedError } from './errors.js';
import { ExpiringValue } from './expiring-value.js';
import { type PlatformAnswer, platformFetch } from './platform-fetch.js';

export type DingTalkConfig = NonNullable<ServerConfig['dingtalk']>;

export interface PlatformIdentity {
  userId: string;
  name?: string;
}

export interface MarkdownMessage {
  title: string;
  text: string;
}

/** The DingTalk server API (oapi): access token, code exchange, work notices. */
export interface DingTalkClient {
  accessToken(): Promise<string>;
  /** `topapi/v2/user/getuserinfo`: who opened the app, from `requestAuthCode`'s code. */
  userByCode(code: string): Promise<PlatformIdentity>;
  /** 工作通知 `asyncsend_v2` to some users or everyone, as the server's agent. */
  sendWorkNotice(to: { userIds?: string[]; toAllUser?: boolean }, message: MarkdownMessage): Promise<void>;
  /** 工作通知 `asyncsend_v2`, msgtype action_card with one button that opens `url`, to the users named. */
  sendActionCardNotice(userIds: readonly string[], card: ActionCardMessage): Promise<void>;
}

export interface ActionCardMessage {
  title: string;
  markdown: string;
  buttonTitle: string;
  url: string;
}

export function createDingTalkClient(config: DingTalkConfig, clock: Clock): DingTalkClient {
  const base = config.apiBase.replace(/\/$/, '');
  const token = new ExpiringValue(async () => {
    const q = new URLSearchParams({ appkey: config.appKey, appsecret: config.appSecret });
    const answer = await platformFetch({
      platform: 'DingTalk',
      api: 'gettoken',
      url: `${base}/gettoken?${q}`,
    });
    return { value: String(answer.access_token), expiresIn: Number(answer.expires_in ?? 7200) };
  }, clock);

  /** Calls an API with the access token, fetching a fresh token once if the platform says it expired. */
  const withToken = async (api: string, path: string, body: unknown): Promise<PlatformAnswer> => {
    for (let attempt = 0; ; attempt++) {
      const accessToken = await token.get();
      try {
        return await platformFetch({
          platform: 'DingTalk',
          api,
          method: 'POST',
          url: `${base}${path}?access_token=${encodeURIComponent(accessToken)}`,
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

  return {
    accessToken: () => token.get(),
    async userByCode(code) {
      const answer = await withToken('getuserinfo', '/topapi/v2/user/getuserinfo', { code });
      const result = (answer.result ?? {}) as { userid?: string; name?: string };
      if (!result.userid)
        throw new PlatformRejectedError('DingTalk', -1, 'no userid in the answer', 'getuserinfo');
      return { userId: result.userid, name: result.name };
    },
    async sendWorkNotice(to, message) {
      if (!config.agentId) {
        throw new PlatformRejectedError(
          'DingTalk',
          -1,
          'DINGTALK_AGENT_ID is not configured',
          'asyncsend_v2',
        );
      }
      await withToken('asyncsend_v2', '/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: Number(config.agentId),
        ...(to.toAllUser ? { to_all_user: true } : { userid_list: (to.userIds ?? []).join(',') }),
        msg: { msgtype: 'markdown', markdown: message },
      });
    },
    async sendActionCardNotice(userIds, card) {
      if (!config.agentId) {
        throw new PlatformRejectedError(
          'DingTalk',
          -1,
          'DINGTALK_AGENT_ID is not configured',
          'asyncsend_v2',
        );
      }
      await withToken('asyncsend_v2', '/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: Number(config.agentId),
        userid_list: userIds.join(','),
        msg: {
          msgtype: 'action_card',
          action_card: {
            title: card.title,
            markdown: card.markdown,
            single_title: card.buttonTitle,
            single_url: card.url,
          },
        },
      });
    },
  };
}

/** The group robot's signature: urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))). */
export function dingTalkRobotSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

export interface DingTalkRobot {
  accessToken: string;
  /** 加签 secret (SEC…); robots without one rely on keywords or IP lists instead. */
  secret?: string;
}

/** Posts a markdown message through a group robot (自定义机器人). */
export async function sendDingTalkRobot(
  apiBase: string,
  robot: DingTalkRobot,
  message: MarkdownMessage,
  nowMs: number,
): Promise<void> {
  let query = `access_token=${encodeURIComponent(robot.accessToken)}`;
  if (robot.secret) query += `&timestamp=${nowMs}&sign=${dingTalkRobotSign(robot.secret, nowMs)}`;
  await platformFetch({
    platform: 'DingTalk',
    api: 'robot/send',
    method: 'POST',
    url: `${apiBase.replace(/\/$/, '')}/robot/send?${query}`,
    body: { msgtype: 'markdown', markdown: message },
  });
}
