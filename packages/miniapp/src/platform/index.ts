import {
  createBrowserNetworkStatus,
  createBrowserStorage,
  type KeyValueStorage,
  type NetworkStatus,
  type PlatformAdapter,
  type PlatformName,
  type ToastKind,
  type WeComJsSignature,
} from '@shopfloor/sdk';
import Taro from '@tarojs/taro';
import { withDemoSignIn } from './demo-sign-in';
import { detectHost } from './detect';
import type { HostConfig } from './host-config';
import { createMiniProgramAdapter } from './mini-program';
import { createTaroNetworkStatus } from './network';
import { createTaroStorage, type TaroStorageApi } from './storage';

export { detectHost } from './detect';
export type { DemoUser, HostConfig } from './host-config';

const NAMESPACE = 'shopfloor';
const isH5 = process.env.TARO_ENV === 'h5';

export interface PlatformDeps {
  hostConfig: HostConfig;
  /** `client.auth.wecomJsSignature`. */
  signature: (query: { url: string; kind: 'corp' | 'agent' }) => Promise<WeComJsSignature>;
  /** UI hooks of the browser adapter: the demo-account picker and the code sheet. */
  pickDemoUser: () => Promise<string>;
  promptCode: () => Promise<string | undefined>;
}

/** The host this copy of the app runs in: from the user agent on H5, from the build target otherwise. */
export function currentHost(): PlatformName {
  if (process.env.TARO_ENV === 'dd') return 'dingtalk';
  if (!isH5) return 'wecom';
  return detectHost(globalThis.navigator?.userAgent ?? '');
}

/** IndexedDB (else localStorage) on H5; the mini-program storage in weapp and dd. */
export function createPlatformStorage(): KeyValueStorage {
  return isH5 ? createBrowserStorage({ namespace: NAMESPACE }) : createTaroStorage(taroStorageApi, NAMESPACE);
}

const taroStorageApi: TaroStorageApi = {
  getStorage: (options) => Taro.getStorage(options),
  setStorage: (options) => Taro.setStorage(options),
  removeStorage: (options) => Taro.removeStorage(options),
  // Taro types the promise loosely; the runtime answers the success payload with `keys`.
  getStorageInfo: () =>
    new Promise((resolve, reject) => {
      Taro.getStorageInfo({ success: ({ keys }) => resolve({ keys }), fail: reject });
    }),
};

export function createPlatformNetwork(): NetworkStatus {
  return isH5 ? createBrowserNetworkStatus(window) : createTaroNetworkStatus(Taro);
}

export function showToast(message: string, kind: ToastKind = 'info'): void {
  // Taro's icons cut the title to 7 characters: long messages go without one.
  const icon =
    kind === 'loading' ? 'loading' : kind === 'success' && message.length <= 7 ? 'success' : 'none';
  void Taro.showToast({ title: message, icon, duration: kind === 'error' ? 3500 : 2000 });
}

/**
 * The adapter of the current host. The host libraries are imported here, on demand, and only in
 * the H5 build: pages never import dingtalk-jsapi or @wecom/jssdk.
 */
export async function createPlatform(deps: PlatformDeps): Promise<PlatformAdapter> {
  const adapter = await createHostAdapter(deps);
  const search = process.env.TARO_ENV === 'h5' ? window.location.search : '';
  return withDemoSignIn(adapter, deps.hostConfig, { search, pickDemoUser: deps.pickDemoUser });
}

async function createHostAdapter(deps: PlatformDeps): Promise<PlatformAdapter> {
  const storage = createPlatformStorage();
  const network = createPlatformNetwork();
  const common = { storage, network, toast: showToast };
  // Spelled as a literal test so webpack drops the host libraries from weapp and dd builds.
  if (process.env.TARO_ENV === 'h5') {
    const host = currentHost();
    if (host === 'dingtalk') {
      const { createDingTalkAdapter } = await import('./dingtalk');
      return createDingTalkAdapter({ ...common, corpId: deps.hostConfig.dingtalkCorpId });
    }
    if (host === 'wecom') {
      const { createWeComAdapter } = await import('./wecom');
      return createWeComAdapter({
        ...common,
        corpId: deps.hostConfig.wecomCorpId,
        agentId: deps.hostConfig.wecomAgentId,
        signature: deps.signature,
        location: window.location,
      });
    }
    const { createBrowserAdapter } = await import('./browser');
    return createBrowserAdapter({
      ...common,
      search: window.location.search,
      pickDemoUser: deps.pickDemoUser,
      promptCode: deps.promptCode,
    });
  }
  return createMiniProgramAdapter({ ...common, host: currentHost() });
}
