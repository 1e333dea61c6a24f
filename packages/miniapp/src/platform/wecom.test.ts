import type { WeComJsSignature } from '@shopfloor/sdk';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { adapterBasics, setUserAgent } from './test-support';
import { cleanRedirectUri, createWeComAdapter, type LoginLocation } from './wecom';

// WeCom on iOS as @wecom/jssdk sees it: `wxwork/` in the user agent and window.WeixinJSBridge.invoke.
// On iOS the host answers resultStr as JSON `{"scan_code":{"scan_result":…}}`, which the SDK unwraps.
const iosScanResult = (text: string) =>
  JSON.stringify({ scan_code: { scan_type: 'qrcode', scan_result: text } });
const invoked: Array<{ name: string; params: Record<string, unknown> }> = [];
const scanned = { err_msg: 'scanQRCode:ok', resultStr: iosScanResult('SF1:OP:WO-2026-0001:20') };
let scanAnswer: Record<string, unknown> = scanned;

beforeAll(() => {
  setUserAgent(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh',
  );
  Object.assign(window, {
    WeixinJSBridge: {
      invoke(
        name: string,
        params: Record<string, unknown>,
        callback: (answer: Record<string, unknown>) => void,
      ) {
        invoked.push({ name, params });
        callback(name === 'scanQRCode' ? scanAnswer : { err_msg: `${name}:ok` });
      },
      on: () => {},
    },
  });
});

const PAGE = 'https://mes.example.com/app/?corpId=ww1#/pages/index/index';

function fakeLocation(href: string): LoginLocation & { replaced: string[] } {
  const url = new URL(href);
  const replaced: string[] = [];
  return { href, search: url.search, replace: (to) => replaced.push(to), replaced };
}

function signatureService() {
  return vi.fn(
    async (query: { url: string; kind: 'corp' | 'agent' }): Promise<WeComJsSignature> => ({
      corpId: 'ww1',
      agentId: query.kind === 'agent' ? '1000002' : undefined,
      timestamp: 1_780_000_000,
      nonceStr: `nonce-${query.kind}`,
      signature: `sig-${query.kind}`,
    }),
  );
}

describe('WeCom adapter (real @wecom/jssdk, fake bridge)', () => {
  it('registers with the server’s signatures for the URL without its #fragment, then scans', async () => {
    const signature = signatureService();
    const adapter = createWeComAdapter({
      ...adapterBasics(),
      corpId: 'ww1',
      agentId: '1000002',
      signature,
      location: fakeLocation(PAGE),
    });
    await expect(adapter.scan()).resolves.toBe('SF1:OP:WO-2026-0001:20');
    const kinds = signature.mock.calls.map(([query]) => query.kind);
    // WeCom 4.x with an agentId needs only the agent signature (wx.agentConfig).
    expect(kinds).toContain('agent');
    for (const [query] of signature.mock.calls) expect(query.url).not.toContain('#');
    expect(invoked.find((call) => call.name === 'scanQRCode')?.params).toMatchObject({ needResult: 1 });
  });

  it('reports a cancelled scan as CANCELLED', async () => {
    scanAnswer = { err_msg: 'scanQRCode:cancel' };
    try {
      const adapter = createWeComAdapter({
        ...adapterBasics(),
        corpId: 'ww1',
        agentId: undefined,
        signature: signatureService(),
        location: fakeLocation(PAGE),
      });
      await expect(adapter.scan()).rejects.toMatchObject({ name: 'PlatformError', code: 'CANCELLED' });
    } finally {
      scanAnswer = scanned;
    }
  });
});

describe('WeCom OAuth sign-in', () => {
  it('takes the code WeCom put in the query, before the #', async () => {
    const location = fakeLocation(
      'https://mes.example.com/app/?code=wc-1&state=shopfloor#/pages/index/index',
    );
    const adapter = createWeComAdapter({
      ...adapterBasics(),
      corpId: 'ww1',
      agentId: '1000002',
      signature: signatureService(),
      location,
    });
    await expect(adapter.getLoginCode()).resolves.toEqual({ code: 'wc-1', platform: 'wecom' });
    expect(location.replaced).toEqual([]);
  });

  it('sends the user to WeCom’s authorize page when there is no code, coming back to this page', async () => {
    const location = fakeLocation(PAGE);
    const adapter = createWeComAdapter({
      ...adapterBasics(),
      corpId: 'ww1',
      agentId: '1000002',
      signature: signatureService(),
      location,
    });
    void adapter.getLoginCode();
    await vi.waitFor(() => expect(location.replaced).toHaveLength(1));
    const target = new URL(location.replaced[0] ?? '');
    expect(target.origin + target.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(target.searchParams.get('appid')).toBe('ww1');
    expect(target.searchParams.get('agentid')).toBe('1000002');
    expect(target.searchParams.get('redirect_uri')).toBe('https://mes.example.com/app/?corpId=ww1');
    expect(target.hash).toBe('#wechat_redirect');
  });

  it('never offers the same one-time code twice: a reload with a spent code redirects again', async () => {
    const basics = adapterBasics();
    const href = 'https://mes.example.com/app/?code=wc-2&state=shopfloor#/';
    const first = createWeComAdapter({
      ...basics,
      corpId: 'ww1',
      agentId: undefined,
      signature: signatureService(),
      location: fakeLocation(href),
    });
    await first.getLoginCode();
    const reloaded = fakeLocation(href);
    const second = createWeComAdapter({
      ...basics,
      corpId: 'ww1',
      agentId: undefined,
      signature: signatureService(),
      location: reloaded,
    });
    void second.getLoginCode();
    await vi.waitFor(() => expect(reloaded.replaced).toHaveLength(1));
    expect(new URL(reloaded.replaced[0] ?? '').searchParams.get('redirect_uri')).toBe(
      'https://mes.example.com/app/',
    );
  });

  it('strips the fragment and the OAuth parameters from the redirect URL, keeping the rest', () => {
    expect(cleanRedirectUri('https://h/app/?a=1&code=x&state=y#/pages/x')).toBe('https://h/app/?a=1');
  });
});
