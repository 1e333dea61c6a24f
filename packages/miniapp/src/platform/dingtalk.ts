import {
  type KeyValueStorage,
  type LoginCode,
  type NetworkStatus,
  type PlatformAdapter,
  PlatformError,
  type ToastKind,
  withTimeout,
} from '@shopfloor/sdk';
import { t } from '../i18n/i18n';
import {
  DEFAULT_BRIDGE_TIMEOUT_MS,
  describeBridgeFailure,
  isCancellation,
  toPlatformError,
} from './bridge-error';

/** The part of dingtalk-jsapi the app uses (its own typings are large and disagree on `authCode`). */
export interface DingTalkApi {
  env: { platform: string };
  runtime: {
    permission: {
      requestAuthCode(params: { corpId: string }): Promise<{ code?: string; authCode?: string }>;
    };
  };
  biz: { util: { scan(params: { type: 'qrCode' | 'barCode' | 'all' }): Promise<{ text?: string }> } };
}

export interface DingTalkAdapterOptions {
  corpId: string | undefined;
  storage: KeyValueStorage;
  network: NetworkStatus;
  toast: (message: string, kind?: ToastKind) => void;
  /** Loads dingtalk-jsapi; lazy, because importing it where `self` is undefined throws. */
  load?: () => Promise<DingTalkApi>;
  /** Per bridge call; default 15 s (a person may take a while to aim at a label). */
  timeoutMs?: number;
}

export async function loadDingTalkApi(): Promise<DingTalkApi> {
  const module = await import('dingtalk-jsapi');
  return ((module as { default?: unknown }).default ?? module) as DingTalkApi;
}

/** DingTalk H5 micro-app: sign-in by `requestAuthCode`, scan by `biz.util.scan`. */
export function createDingTalkAdapter(options: DingTalkAdapterOptions): PlatformAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BRIDGE_TIMEOUT_MS;
  let api: Promise<DingTalkApi> | undefined;
  const dd = () => {
    api ??= (options.load ?? loadDingTalkApi)().catch((error: unknown) => {
      api = undefined;
      throw error;
    });
    return api;
  };
  const host = t('platform.dingtalk');

  return {
    name: 'dingtalk',
    storage: options.storage,
    network: options.network,
    toast: options.toast,

    async getLoginCode(): Promise<LoginCode> {
      const corpId = options.corpId;
      if (!corpId) throw new PlatformError('UNAVAILABLE', t('platform.missingCorpId'));
      const bridge = await dd();
      if (bridge.env.platform === 'notInDingTalk') {
        throw new PlatformError('UNAVAILABLE', t('platform.notInDingTalk'));
      }
      try {
        const answer = await withTimeout(
          bridge.runtime.permission.requestAuthCode({ corpId }),
          timeoutMs,
          t('platform.loginTimeout', { host }),
        );
        // Some typings call it authCode, the runtime answers code: accept either.
        const code = answer.code ?? answer.authCode;
        if (!code) throw { errorMessage: 'empty auth code' };
        return { code, platform: 'dingtalk' };
      } catch (error) {
        throw toPlatformError(
          error,
          (detail) =>
            new PlatformError('DENIED', t('platform.loginFailed', { host, detail }), { cause: error }),
        );
      }
    },

    async scan(): Promise<string> {
      const bridge = await dd();
      if (bridge.env.platform === 'pc') {
        throw new PlatformError('UNAVAILABLE', t('platform.scanUnavailablePc'));
      }
      if (bridge.env.platform === 'notInDingTalk') {
        throw new PlatformError('UNAVAILABLE', t('platform.notInDingTalk'));
      }
      try {
        const answer = await withTimeout(
          bridge.biz.util.scan({ type: 'qrCode' }),
          timeoutMs,
          t('platform.scanTimeout'),
        );
        const text = answer.text?.trim();
        if (!text) throw new PlatformError('CANCELLED', t('platform.scanCancelled'));
        return text;
      } catch (error) {
        if (!(error instanceof PlatformError) && isCancellation(error)) {
          throw new PlatformError('CANCELLED', t('platform.scanCancelled'), { cause: error });
        }
        throw toPlatformError(
          error,
          () =>
            new PlatformError(
              'UNAVAILABLE',
              t('platform.scanFailed', { detail: describeBridgeFailure(error) }),
              {
                cause: error,
              },
            ),
        );
      }
    },
  };
}
