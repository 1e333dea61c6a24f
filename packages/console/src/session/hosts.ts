/**
 * Signing in inside the DingTalk and WeCom PC clients, the way the H5 app does it
 * (packages/miniapp/src/platform): DingTalk hands a one-time code to `requestAuthCode`, WeCom sends
 * the page through its OAuth page and back with `?code=…&state=…` before the `#`.
 */
export type Host = 'dingtalk' | 'wecom' | 'browser';

/** From the user agent alone: DingTalk puts `DingTalk` in it, WeCom `wxwork/<version>`. */
export function detectHost(userAgent: string): Host {
  if (/dingtalk/i.test(userAgent)) return 'dingtalk';
  if (/wxwork\//i.test(userAgent)) return 'wecom';
  return 'browser';
}

export const OAUTH_STATE = 'shopfloor-console';

/** The WeCom OAuth page that sends the user back to `redirectUri` with `?code=…&state=…`. */
export function wecomAuthorizeUrl(corpId: string, agentId: string | undefined, redirectUri: string): string {
  const params = new URLSearchParams({
    appid: corpId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state: OAUTH_STATE,
  });
  if (agentId) params.set('agentid', agentId);
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${params.toString()}#wechat_redirect`;
}

/** The page URL without the OAuth parameters (the hash kept), for the redirect and for afterwards. */
export function withoutOAuthParams(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  return url.toString();
}

/** The OAuth code WeCom put in the query, unless it was spent already (a code works once). */
export function wecomCodeFrom(search: string, spent: string | null): string | undefined {
  const code = new URLSearchParams(search).get('code');
  return code && code !== spent ? code : undefined;
}

/** The part of dingtalk-jsapi the console uses (its typings disagree on `code` / `authCode`). */
interface DingTalkApi {
  env: { platform: string };
  runtime: {
    permission: {
      requestAuthCode(params: { corpId: string }): Promise<{ code?: string; authCode?: string }>;
    };
  };
}

/** A one-time DingTalk login code; dingtalk-jsapi is loaded only here (it throws where `self` is missing). */
export async function dingtalkLoginCode(corpId: string, timeoutMs = 15_000): Promise<string> {
  const module = await import('dingtalk-jsapi');
  const dd = ((module as { default?: unknown }).default ?? module) as DingTalkApi;
  if (dd.env.platform === 'notInDingTalk') throw new Error('not inside DingTalk');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DingTalk gave no login code')), timeoutMs);
  });
  try {
    const answer = await Promise.race([dd.runtime.permission.requestAuthCode({ corpId }), timeout]);
    const code = answer.code ?? answer.authCode;
    if (!code) throw new Error('DingTalk answered an empty login code');
    return code;
  } finally {
    clearTimeout(timer);
  }
}
