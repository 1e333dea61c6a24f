import {
  type KeyValueStorage,
  type LoginCode,
  type NetworkStatus,
  type PlatformAdapter,
  PlatformError,
  type ToastKind,
  type WeComJsSignature,
  withTimeout,
} from '@shopfloor/sdk';
import { t } from '../i18n/i18n';
import { DEFAULT_BRIDGE_TIMEOUT_MS, describeBridgeFailure, isCancellation } from './bridge-error';

interface SignatureData {
  timestamp: number | string;
  nonceStr: string;
  signature: string;
}

/** The part of @wecom/jssdk the app uses. */
export interface WeComApi {
  register(options: {
    corpId: string;
    agentId?: string | number;
    jsApiList?: string[];
    getConfigSignature?: (url: string) => Promise<SignatureData>;
    getAgentConfigSignature?: (url: string) => Promise<SignatureData>;
    onConfigFail?: (error: unknown) => void;
    onAgentConfigFail?: (error: unknown) => void;
  }): void;
  scanQRCode(params: {
    needResult?: boolean;
    scanType?: Array<'qrCode' | 'barCode'>;
  }): Promise<{ resultStr?: string }>;
}

/** The window.location parts the OAuth login reads and drives. */
export interface LoginLocation {
  href: string;
  search: string;
  replace(url: string): void;
}

export interface WeComAdapterOptions {
  corpId: string | undefined;
  agentId: string | undefined;
  storage: KeyValueStorage;
  network: NetworkStatus;
  toast: (message: string, kind?: ToastKind) => void;
  /** `GET /auth/wecom/js-signature` through the SDK client (`client.auth.wecomJsSignature`). */
  signature: (query: { url: string; kind: 'corp' | 'agent' }) => Promise<WeComJsSignature>;
  location: LoginLocation;
  /** Loads @wecom/jssdk; lazy so pages and other hosts never pay for it. */
  load?: () => Promise<WeComApi>;
  timeoutMs?: number;
}

/** WeCom appends `code` and `state` to the redirect URL's query, before the `#`. */
export const OAUTH_STATE = 'shopfloor';
const SPENT_CODE_KEY = 'wecom.spentLoginCode';
const JS_API_LIST = ['scanQRCode'];

export async function loadWeComApi(): Promise<WeComApi> {
  return (await import('@wecom/jssdk')) as unknown as WeComApi;
}

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

/** The page URL without `#…` and without the OAuth parameters, for the redirect back. */
export function cleanRedirectUri(href: string): string {
  const url = new URL(href);
  url.hash = '';
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  return url.toString();
}

/** WeCom H5 app: sign-in by OAuth redirect, scan by `ww.scanQRCode` after `ww.register`. */
export function createWeComAdapter(options: WeComAdapterOptions): PlatformAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BRIDGE_TIMEOUT_MS;
  let registered: Promise<WeComApi> | undefined;

  const sign =
    (kind: 'corp' | 'agent') =>
    async (url: string): Promise<SignatureData> => {
      // WeCom signs the URL without its fragment: with hash routing one signature serves every page.
      const answer = await options.signature({ url: url.split('#')[0] ?? url, kind });
      return { timestamp: answer.timestamp, nonceStr: answer.nonceStr, signature: answer.signature };
    };

  const ww = () => {
    registered ??= (async () => {
      const corpId = options.corpId;
      if (!corpId) throw new PlatformError('UNAVAILABLE', t('platform.missingCorpId'));
      const api = await (options.load ?? loadWeComApi)();
      api.register({
        corpId,
        agentId: options.agentId,
        jsApiList: JS_API_LIST,
        getConfigSignature: sign('corp'),
        getAgentConfigSignature: options.agentId ? sign('agent') : undefined,
      });
      return api;
    })().catch((error: unknown) => {
      registered = undefined; // the next scan registers again
      throw error;
    });
    return registered;
  };

  return {
    name: 'wecom',
    storage: options.storage,
    network: options.network,
    toast: options.toast,

    async getLoginCode(): Promise<LoginCode> {
      const params = new URLSearchParams(options.location.search);
      const code = params.get('code');
      const spent = await options.storage.get(SPENT_CODE_KEY);
      if (code && code !== spent) {
        // A code works once: remember it, so a reload after the session expires redirects again.
        await options.storage.set(SPENT_CODE_KEY, code);
        return { code, platform: 'wecom' };
      }
      const corpId = options.corpId;
      if (!corpId) throw new PlatformError('UNAVAILABLE', t('platform.missingCorpId'));
      options.location.replace(
        wecomAuthorizeUrl(corpId, options.agentId, cleanRedirectUri(options.location.href)),
      );
      // The page is leaving for WeCom's OAuth page; nothing to resolve with.
      return new Promise<LoginCode>(() => {});
    },

    async scan(): Promise<string> {
      try {
        const api = await withTimeout(ww(), timeoutMs, t('platform.wecomRegisterFailed'));
        const answer = await withTimeout(
          api.scanQRCode({ needResult: true, scanType: ['qrCode', 'barCode'] }),
          timeoutMs,
          t('platform.scanTimeout'),
        );
        const text = answer.resultStr?.trim();
        if (!text) throw new PlatformError('CANCELLED', t('platform.scanCancelled'));
        return text;
      } catch (error) {
        if (error instanceof PlatformError) throw error;
        if (isCancellation(error))
          throw new PlatformError('CANCELLED', t('platform.scanCancelled'), { cause: error });
        throw new PlatformError(
          'UNAVAILABLE',
          t('platform.scanFailed', { detail: describeBridgeFailure(error) }),
          {
            cause: error,
          },
        );
      }
    },
  };
}
