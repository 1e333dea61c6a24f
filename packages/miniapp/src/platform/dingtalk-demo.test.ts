import { createMemoryStorage, type ShopfloorClient } from '@shopfloor/sdk';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionStore } from '../session/session-store';
import { signIn } from '../session/sign-in';
import { withDemoSignIn } from './demo-sign-in';
import { createDingTalkAdapter } from './dingtalk';
import { loadHostConfig } from './host-config';
import { adapterBasics, setUserAgent } from './test-support';

// Inside DingTalk (iOS bridge faked as in dingtalk-ios.test.ts), against a demo server and a real one.
type Answer = { errorCode: string; result?: unknown };
const calls: string[] = [];

beforeAll(() => {
  setUserAgent(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/30000000 Channel/201200 language/zh-Hans-CN',
  );
  Object.assign(window, {
    WebViewJavascriptBridge: {
      init: () => {},
      registerHandler: () => {},
      callHandler(api: string, _params: unknown, callback: (answer: Answer) => void) {
        calls.push(api);
        if (api === 'runtime.permission.requestAuthCode')
          callback({ errorCode: '0', result: { code: 'dd-1' } });
        else if (api === 'biz.util.scan') callback({ errorCode: '0', result: { text: 'SF1:OP:WO-1:10' } });
        else callback({ errorCode: '0', result: {} });
      },
    },
  });
});
beforeEach(() => {
  calls.length = 0;
});

const user = { id: 'demo-operator', name: '李师傅', roles: ['operator' as const] };

function fakeClient() {
  const answer = async () => ({ token: 'tok', user });
  const auth = { dingtalk: vi.fn(answer), wecom: vi.fn(answer), devLogin: vi.fn(answer) };
  return { client: { auth } as unknown as ShopfloorClient, auth };
}

/** The app's start inside DingTalk: the host config from the server, then the adapter. */
async function startInDingTalk(serverConfig: unknown, search = '') {
  const hostConfig = await loadHostConfig({
    search,
    fetchServerConfig: async () => {
      if (serverConfig === undefined) throw new Error('404');
      return serverConfig;
    },
  });
  const pickDemoUser = vi.fn(async () => 'demo-operator');
  const host = createDingTalkAdapter({ ...adapterBasics(), corpId: hostConfig.dingtalkCorpId });
  const platform = withDemoSignIn(host, hostConfig, { search, pickDemoUser });
  return { platform, pickDemoUser };
}

describe('sign-in inside DingTalk', () => {
  it('offers the demo picker when the server runs in demo mode (no corpId to ask DingTalk with)', async () => {
    const { platform, pickDemoUser } = await startInDingTalk({ demo: true, demoUsers: [user] });
    const { client, auth } = fakeClient();
    const session = createSessionStore(createMemoryStorage());

    await expect(signIn(platform, client, session)).resolves.toMatchObject({ user: { id: 'demo-operator' } });
    expect(pickDemoUser).toHaveBeenCalledOnce();
    expect(auth.devLogin).toHaveBeenCalledWith({ userId: 'demo-operator' });
    expect(auth.dingtalk).not.toHaveBeenCalled();
    expect(calls).not.toContain('runtime.permission.requestAuthCode');
    expect(session.get()?.user.id).toBe('demo-operator');
    // The host still scans.
    expect(platform.name).toBe('dingtalk');
    await expect(platform.scan()).resolves.toBe('SF1:OP:WO-1:10');
  });

  it('signs in through requestAuthCode when the server is not in demo mode', async () => {
    const { platform, pickDemoUser } = await startInDingTalk({ demo: false, dingtalkCorpId: 'ding-corp' });
    const { client, auth } = fakeClient();
    await signIn(platform, client, createSessionStore(createMemoryStorage()));
    expect(auth.dingtalk).toHaveBeenCalledWith({ code: 'dd-1' });
    expect(auth.devLogin).not.toHaveBeenCalled();
    expect(pickDemoUser).not.toHaveBeenCalled();
  });

  it('keeps the host sign-in when only the URL, not the server, says demo', async () => {
    const { platform, pickDemoUser } = await startInDingTalk(undefined, '?demo=1&corpId=ding-corp');
    const { client, auth } = fakeClient();
    await signIn(platform, client, createSessionStore(createMemoryStorage()));
    expect(auth.dingtalk).toHaveBeenCalledWith({ code: 'dd-1' });
    expect(pickDemoUser).not.toHaveBeenCalled();
  });
});
