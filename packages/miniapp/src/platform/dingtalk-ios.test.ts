import { PlatformError } from '@shopfloor/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDingTalkAdapter } from './dingtalk';
import { adapterBasics, setUserAgent } from './test-support';

// DingTalk on iOS, as dingtalk-jsapi sees it: the user agent and window.WebViewJavascriptBridge.
type Answer = { errorCode: string; result?: unknown; errorMessage?: string };
const answers = new Map<string, (params: Record<string, unknown>) => Answer>();
const calls: Array<{ api: string; params: Record<string, unknown> }> = [];

beforeAll(() => {
  setUserAgent(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/30000000 Channel/201200 language/zh-Hans-CN',
  );
  Object.assign(window, {
    WebViewJavascriptBridge: {
      init: () => {},
      registerHandler: () => {},
      callHandler(api: string, params: Record<string, unknown>, callback: (answer: Answer) => void) {
        calls.push({ api, params });
        const answer = answers.get(api);
        callback(answer ? answer(params) : { errorCode: '0', result: {} });
      },
    },
  });
});

describe('DingTalk adapter on iOS (real dingtalk-jsapi, fake bridge)', () => {
  it('signs in with the auth code DingTalk hands out for the configured corp', async () => {
    answers.set('runtime.permission.requestAuthCode', () => ({
      errorCode: '0',
      result: { code: 'dd-code-1' },
    }));
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'ding-corp' });
    await expect(adapter.getLoginCode()).resolves.toEqual({ code: 'dd-code-1', platform: 'dingtalk' });
    expect(calls.find((call) => call.api === 'runtime.permission.requestAuthCode')?.params).toMatchObject({
      corpId: 'ding-corp',
    });
  });

  it('accepts the code under the name authCode too', async () => {
    answers.set('runtime.permission.requestAuthCode', () => ({
      errorCode: '0',
      result: { authCode: 'dd-code-2' },
    }));
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'ding-corp' });
    await expect(adapter.getLoginCode()).resolves.toEqual({ code: 'dd-code-2', platform: 'dingtalk' });
  });

  it('returns the text of a scanned operation QR code', async () => {
    answers.set('biz.util.scan', () => ({ errorCode: '0', result: { text: 'SF1:OP:WO-2026-0001:20' } }));
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'ding-corp' });
    await expect(adapter.scan()).resolves.toBe('SF1:OP:WO-2026-0001:20');
    // dingtalk-jsapi rewrites the params for iOS; what matters is that one scan reached the host.
    expect(calls.filter((call) => call.api === 'biz.util.scan')).toHaveLength(1);
  });

  it('reports a scan the user backed out of as CANCELLED', async () => {
    answers.set('biz.util.scan', () => ({ errorCode: '3', errorMessage: 'user cancel' }));
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'ding-corp' });
    await expect(adapter.scan()).rejects.toMatchObject({ name: 'PlatformError', code: 'CANCELLED' });
  });

  it('refuses to ask for a code without a corpId, saying what is missing', async () => {
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: undefined });
    const failure = await adapter.getLoginCode().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect((failure as PlatformError).message).toContain('corpId');
  });
});
