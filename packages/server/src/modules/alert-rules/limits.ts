/**
 * The platforms' sending limits, as their documentation states them (looked up 2026-12-05), and the
 * pace this server keeps below them. A message that would pass one waits for the window to free up;
 * nothing is dropped. The counts are taken from alert_messages, so they hold across replicas.
 */

// WeCom 发送应用消息频率 (https://developer.work.weixin.qq.com/document/path/90454 访问频率限制):
// "每应用对同一个成员不可超过30次/分钟，1000次/小时，超过部分会被丢弃不下发".
export const WECOM_PER_MEMBER_PER_MINUTE = 30;
export const WECOM_PER_MEMBER_PER_HOUR = 1000;
// Same page, 基础频率: "每企业调用单个cgi/api不可超过1万次/分" (message sends are not counted in it,
// but a per-app pace keeps a burst from starving the other workers' calls).
export const WECOM_PER_APP_PER_MINUTE = 10_000;

// DingTalk 发送工作通知 asyncsend_v2
// (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages):
// "同一个企业内部应用在一天之内，最多可以给一个用户发送500条消息通知"; "同一个应用相同内容的消息，
// 同一个用户一天只能接收一次" (every digest differs: it lists alerts and their links); past the
// limits the API still answers ok but the user gets nothing: hence counting on our side.
export const DINGTALK_PER_USER_PER_DAY = 500;
// DingTalk 调用频率限制 (https://open.dingtalk.com/document/orgapp/invocation-frequency-limit):
// an app may call one API at most 20 times a second (third-party apps 40/s, errcode 90018/90019).
export const DINGTALK_PER_APP_PER_SECOND = 20;

// Group robots (DingTalk: https://open.dingtalk.com/document/robots/custom-robot-access,
// "每个机器人每分钟最多发送20条"; WeCom: https://developer.work.weixin.qq.com/document/path/91770,
// "每个机器人发送的消息不能超过20条/分钟").
export const ROBOT_PER_MINUTE = 20;

/** What this server keeps to: a margin under the per-person minute limits, for other senders. */
export const MARGIN = 0.8;

export interface Window {
  /** Per recipient (user or robot) or per app (the whole channel). */
  scope: 'recipient' | 'app';
  ms: number;
  max: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The windows a channel's calls are counted in. E-mail is not limited here (the SMTP server paces). */
export function windowsOf(channel: string): Window[] {
  if (channel === 'wecom')
    return [
      { scope: 'recipient', ms: MINUTE, max: Math.floor(WECOM_PER_MEMBER_PER_MINUTE * MARGIN) },
      { scope: 'recipient', ms: HOUR, max: Math.floor(WECOM_PER_MEMBER_PER_HOUR * MARGIN) },
      { scope: 'app', ms: MINUTE, max: Math.floor(WECOM_PER_APP_PER_MINUTE * MARGIN) },
    ];
  if (channel === 'dingtalk')
    return [
      { scope: 'recipient', ms: 24 * HOUR, max: Math.floor(DINGTALK_PER_USER_PER_DAY * MARGIN) },
      { scope: 'app', ms: 1000, max: Math.floor(DINGTALK_PER_APP_PER_SECOND * MARGIN) },
    ];
  if (channel.startsWith('robot:'))
    return [{ scope: 'recipient', ms: MINUTE, max: Math.floor(ROBOT_PER_MINUTE * MARGIN) }];
  return [];
}
