import {
  type KeyValueStorage,
  type LoginCode,
  type NetworkStatus,
  type PlatformAdapter,
  PlatformError,
  type ToastKind,
} from '@shopfloor/sdk';
import { t } from '../i18n/i18n';
import { demoLoginCode } from './demo-sign-in';

export interface BrowserAdapterOptions {
  storage: KeyValueStorage;
  network: NetworkStatus;
  toast: (message: string, kind?: ToastKind) => void;
  /** `location.search`: `?demoUser=demo-operator` signs in without the picker (links, tests). */
  search: string;
  /** Shows the demo-account picker; resolves with the chosen user id. */
  pickDemoUser: () => Promise<string>;
  /** Shows the code sheet (typed code, camera where the browser can); resolves with the text. */
  promptCode: () => Promise<string | undefined>;
}

/** A plain browser in demo mode: the login code is a demo user id for `/auth/dev-login`. */
export function createBrowserAdapter(options: BrowserAdapterOptions): PlatformAdapter {
  return {
    name: 'browser',
    storage: options.storage,
    network: options.network,
    toast: options.toast,

    getLoginCode: (): Promise<LoginCode> => demoLoginCode(options),

    async scan(): Promise<string> {
      const text = (await options.promptCode())?.trim();
      if (!text) throw new PlatformError('CANCELLED', t('platform.scanCancelled'));
      return text;
    },
  };
}
