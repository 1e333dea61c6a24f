import type { AppDeps } from '../../deps.js';
import { createDingTalkClient, type DingTalkClient } from './dingtalk.js';
import { createWeComClient, type WeComClient } from './wecom.js';

export interface PlatformClients {
  /** Present when DingTalk credentials are configured. */
  dingtalk?: DingTalkClient;
  /** Present when WeCom credentials are configured. */
  wecom?: WeComClient;
}

// One set per app instance: the token and ticket caches must outlive requests.
const perApp = new WeakMap<AppDeps, PlatformClients>();

export function platformClients(deps: AppDeps): PlatformClients {
  let clients = perApp.get(deps);
  if (!clients) {
    clients = {
      dingtalk: deps.config.dingtalk ? createDingTalkClient(deps.config.dingtalk, deps.clock) : undefined,
      wecom: deps.config.wecom ? createWeComClient(deps.config.wecom, deps.clock) : undefined,
    };
    perApp.set(deps, clients);
  }
  return clients;
}
