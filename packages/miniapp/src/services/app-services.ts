import {
  createClient,
  createOutbox,
  type Outbox,
  type PlatformAdapter,
  type ShopfloorClient,
} from '@shopfloor/sdk';
import { createPlatform, createPlatformStorage } from '../platform';
import { type HostConfig, loadHostConfig } from '../platform/host-config';
import { createSessionStore, type SessionStore } from '../session/session-store';
import { createPromptStore, type PromptStore } from './prompt-store';
import { createRevalidatingTransport, isBoardRead } from './revalidating-transport';
import { taroTransport } from './taro-transport';

/** Everything a page needs from outside React, created once at start. */
export interface AppServices {
  platform: PlatformAdapter;
  client: ShopfloorClient;
  outbox: Outbox;
  session: SessionStore;
  prompts: PromptStore;
  hostConfig: HostConfig;
}

declare const SHOPFLOOR_API_URL: string;

/** Same origin on H5 (the server serves the app at /app/); a build-time URL in mini-programs. */
function apiBaseUrl(): string {
  if (process.env.TARO_ENV !== 'h5') return SHOPFLOOR_API_URL;
  return window.__SHOPFLOOR_CONFIG__?.apiBaseUrl ?? window.location.origin;
}

export async function startServices(): Promise<AppServices> {
  const isH5 = process.env.TARO_ENV === 'h5';
  // The session shares the platform's storage backend; opened here so the client can read the token.
  const session = createSessionStore(createPlatformStorage());
  // Taro.request keeps no HTTP cache: the board revalidates by ETag here as a browser does on H5.
  // (a literal condition, so that webpack leaves the layer out of the H5 build)
  const revalidating =
    process.env.TARO_ENV === 'h5'
      ? undefined
      : createRevalidatingTransport(taroTransport, { revalidates: isBoardRead });
  if (revalidating) session.subscribe(() => revalidating.clear());
  const client = createClient({
    baseUrl: apiBaseUrl(),
    getToken: () => session.token(),
    transport: revalidating?.transport,
  });
  const prompts = createPromptStore();
  const [hostConfig] = await Promise.all([
    loadHostConfig({
      injected: isH5 ? window.__SHOPFLOOR_CONFIG__ : undefined,
      search: isH5 ? window.location.search : '',
      // Public route; an older server answers 404 and the other sources apply.
      fetchServerConfig: () => client.auth.config(),
    }),
    session.ready(),
  ]);
  const platform = await createPlatform({
    hostConfig,
    signature: (query) => client.auth.wecomJsSignature(query),
    pickDemoUser: async () => (await prompts.ask('demo-user')) ?? '',
    promptCode: () => prompts.ask('scan-code'),
  });
  const outbox = createOutbox({
    client,
    storage: platform.storage,
    online: () => platform.network.isOnline(),
    // A shared phone: what one person captured is sent only under his own sign-in.
    owner: () => session.get()?.user.id,
  });
  session.subscribe(() => outbox.notifyShow());
  platform.network.subscribe((online) => {
    if (online) outbox.notifyOnline();
  });
  outbox.start();
  if (isH5) registerOfflineWorker();
  return { platform, client, outbox, session, prompts, hostConfig };
}

/** The server's service worker keeps the app openable with no network (see docs/app.md, Offline). */
function registerOfflineWorker(): void {
  const { serviceWorker } = globalThis.navigator ?? {};
  if (!serviceWorker || !window.location.pathname.startsWith('/app/')) return;
  serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);
}
