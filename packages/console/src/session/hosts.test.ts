import { describe, expect, it } from 'vitest';
import { detectHost, OAUTH_STATE, wecomAuthorizeUrl, wecomCodeFrom, withoutOAuthParams } from './hosts';

describe('signing in inside DingTalk and WeCom', () => {
  it('recognises the PC clients by their user agent', () => {
    expect(detectHost('Mozilla/5.0 (Windows NT 10.0) Chrome/120 DingTalk(7.6.0) nw')).toBe('dingtalk');
    expect(detectHost('Mozilla/5.0 (Windows NT 10.0) wxwork/4.1.30 MicroMessenger/7.0.1')).toBe('wecom');
    expect(detectHost('Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0')).toBe('browser');
  });

  it("sends WeCom's OAuth back to the console page it left, hash kept, old code removed", () => {
    const back = withoutOAuthParams('https://mes.example.com/console/?code=old&state=x#/work-orders');
    expect(back).toBe('https://mes.example.com/console/#/work-orders');
    const url = new URL(wecomAuthorizeUrl('ww123', '1000002', back));
    expect(url.origin + url.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(url.searchParams.get('appid')).toBe('ww123');
    expect(url.searchParams.get('agentid')).toBe('1000002');
    expect(url.searchParams.get('redirect_uri')).toBe(back);
    expect(url.searchParams.get('state')).toBe(OAUTH_STATE);
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('uses an OAuth code once: a reload with the spent code asks WeCom again', () => {
    expect(wecomCodeFrom('?code=abc&state=shopfloor-console', null)).toBe('abc');
    expect(wecomCodeFrom('?code=abc&state=shopfloor-console', 'abc')).toBeUndefined();
    expect(wecomCodeFrom('', null)).toBeUndefined();
  });
});
