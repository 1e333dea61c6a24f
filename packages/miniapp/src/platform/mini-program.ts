import {
  type KeyValueStorage,
  type LoginCode,
  type NetworkStatus,
  type PlatformAdapter,
  PlatformError,
  type PlatformName,
  type ToastKind,
  withTimeout,
} from '@shopfloor/sdk';
import Taro from '@tarojs/taro';
import { t } from '../i18n/i18n';
import { DEFAULT_BRIDGE_TIMEOUT_MS, describeBridgeFailure, isCancellation } from './bridge-error';

export interface MiniProgramAdapterOptions {
  host: PlatformName;
  storage: KeyValueStorage;
  network: NetworkStatus;
  toast: (message: string, kind?: ToastKind) => void;
}

/**
 * weapp and dd builds: the mini-program runtime has its own login and scanner, reached through Taro
 * (Taro.scanCode is safe here; on H5 it is not). The server-side exchange for these codes is the
 * next step (see docs/app.md).
 */
export function createMiniProgramAdapter(options: MiniProgramAdapterOptions): PlatformAdapter {
  return {
    name: options.host,
    storage: options.storage,
    network: options.network,
    toast: options.toast,
    async getLoginCode(): Promise<LoginCode> {
      const { code } = await withTimeout(
        Taro.login(),
        DEFAULT_BRIDGE_TIMEOUT_MS,
        t('platform.loginTimeout', { host: '' }),
      );
      return { code, platform: options.host };
    },
    async scan(): Promise<string> {
      try {
        const { result } = await withTimeout(
          Taro.scanCode({ scanType: ['qrCode', 'barCode'] }),
          DEFAULT_BRIDGE_TIMEOUT_MS,
          t('platform.scanTimeout'),
        );
        if (!result) throw new PlatformError('CANCELLED', t('platform.scanCancelled'));
        return result;
      } catch (error) {
        if (error instanceof PlatformError) throw error;
        if (isCancellation(error))
          throw new PlatformError('CANCELLED', t('platform.scanCancelled'), { cause: error });
        const detail = describeBridgeFailure(error);
        throw new PlatformError('UNAVAILABLE', t('platform.scanFailed', { detail }), { cause: error });
      }
    },
  };
}
