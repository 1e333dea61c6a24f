import { describe, expect, it, vi } from 'vitest';
import { createDingTalkAdapter, type DingTalkApi } from './dingtalk';
import { adapterBasics } from './test-support';

describe('DingTalk adapter outside DingTalk (real dingtalk-jsapi in a plain browser)', () => {
  it('says to open the app in DingTalk instead of waiting for a bridge that is not there', async () => {
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'ding-corp' });
    await expect(adapter.scan()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: '请在钉钉中打开本应用',
    });
    await expect(adapter.getLoginCode()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('DingTalk adapter against a scripted host', () => {
  const hostOn = (platform: string, scan: DingTalkApi['biz']['util']['scan']): DingTalkApi => ({
    env: { platform },
    runtime: { permission: { requestAuthCode: async () => ({ code: 'x' }) } },
    biz: { util: { scan } },
  });

  it('tells a DingTalk PC user to type the code, without opening a scanner', async () => {
    const scan = vi.fn(async () => ({ text: 'never' }));
    const adapter = createDingTalkAdapter({
      ...adapterBasics(),
      corpId: 'c',
      load: async () => hostOn('pc', scan),
    });
    await expect(adapter.scan()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: '钉钉电脑端不支持扫码，请手动输入编码',
    });
    expect(scan).not.toHaveBeenCalled();
  });

  it('gives up on a scanner that never answers with a TIMEOUT the user can act on', async () => {
    vi.useFakeTimers();
    try {
      const never = () => new Promise<{ text?: string }>(() => {});
      const adapter = createDingTalkAdapter({
        ...adapterBasics(),
        corpId: 'c',
        load: async () => hostOn('ios', never),
        timeoutMs: 5_000,
      });
      const assertion = expect(adapter.scan()).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: '扫码无响应，请重试或手动输入编码',
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await assertion;
    } finally {
      vi.useRealTimers();
    }
  });

  it('loads the host library once, however many calls follow', async () => {
    const load = vi.fn(async () => hostOn('android', async () => ({ text: 'SF1:OP:WO-1:10' })));
    const adapter = createDingTalkAdapter({ ...adapterBasics(), corpId: 'c', load });
    await adapter.scan();
    await adapter.scan();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
