import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { createDingTalkClient } from '../../platform/dingtalk.js';
import { PlatformRejectedError } from '../../platform/errors.js';
import { platformFetch } from '../../platform/platform-fetch.js';
import { createWeComClient } from '../../platform/wecom.js';
import type { CheckupContext } from '../context.js';
import { check, errorMessage, say } from '../words.js';

/** A fresh client each run, so the token is really fetched (not answered from the server's cache). */
export async function dingtalkCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const config = ctx.config.dingtalk;
  if (!config) return check('platform.dingtalk', 'ok', say('未配置钉钉', 'DingTalk not configured'));
  const details: string[] = [];
  try {
    const token = await createDingTalkClient(config, ctx.clock).accessToken();
    details.push('gettoken ok');
    await platformFetch({
      platform: 'DingTalk',
      api: 'get_jsapi_ticket',
      url: `${config.apiBase.replace(/\/$/, '')}/get_jsapi_ticket?access_token=${encodeURIComponent(token)}`,
      timeoutMs: ctx.thresholds.networkTimeoutMs,
    });
    details.push('get_jsapi_ticket ok');
    return check(
      'platform.dingtalk',
      'ok',
      say('钉钉凭据有效，JS-SDK 票据可取得', 'DingTalk credentials accepted, JS-SDK ticket issued'),
      undefined,
      details,
    );
  } catch (err) {
    return platformFailure(
      'platform.dingtalk',
      '钉钉',
      'DingTalk',
      'DINGTALK_APP_KEY / DINGTALK_APP_SECRET',
      err,
      details,
    );
  }
}

export async function wecomCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const config = ctx.config.wecom;
  if (!config) return check('platform.wecom', 'ok', say('未配置企业微信', 'WeCom not configured'));
  const details: string[] = [];
  try {
    const client = createWeComClient(config, ctx.clock);
    await client.accessToken();
    details.push('gettoken ok');
    await client.jsapiTicket('corp');
    details.push('get_jsapi_ticket ok');
    await client.jsapiTicket('agent');
    details.push('ticket/get agent_config ok');
    return check(
      'platform.wecom',
      'ok',
      say('企业微信凭据有效，JS-SDK 票据可取得', 'WeCom credentials accepted, JS-SDK tickets issued'),
      undefined,
      details,
    );
  } catch (err) {
    return platformFailure(
      'platform.wecom',
      '企业微信',
      'WeCom',
      'WECOM_CORP_ID / WECOM_SECRET',
      err,
      details,
    );
  }
}

function platformFailure(
  id: string,
  zhName: string,
  enName: string,
  settings: string,
  err: unknown,
  details: string[],
): CheckupCheck {
  const refused = err instanceof PlatformRejectedError;
  return check(
    id,
    'fail',
    refused
      ? say(`${zhName}拒绝了服务器的凭据`, `${enName} refused the server's credentials`)
      : say(`无法连接${zhName}接口`, `${enName}'s API is unreachable`),
    refused
      ? say(
          `在${zhName}开发者后台核对 ${settings}，并检查服务器出口 IP 是否在可信 IP 列表中。`,
          `Check ${settings} against ${enName}'s developer console, and that the server's outbound IP is on its trusted list.`,
        )
      : say(
          `检查服务器能否访问${zhName}接口（防火墙、代理、DNS）。`,
          `Check that the server can reach ${enName}'s API (firewall, proxy, DNS).`,
        ),
    [...details, errorMessage(err)],
  );
}
