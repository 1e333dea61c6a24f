/**
 * What the app must know about its deployment before it can sign in: which corp to ask DingTalk or
 * WeCom for a code, and whether the server runs in demo mode. The server owns these settings
 * (WECOM_CORP_ID, WECOM_AGENT_ID, DingTalk corp id); the client never decides them.
 */
export interface HostConfig {
  dingtalkCorpId?: string;
  wecomCorpId?: string;
  wecomAgentId?: string;
  /** The server runs in demo mode: `/auth/dev-login` exists (a guess when the server said nothing). */
  demo: boolean;
  /** The server itself said so (its `/auth/config` or injected config): only then do the hosts skip their sign-in. */
  serverDemo: boolean;
  /** Demo accounts to offer on the browser sign-in screen. */
  demoUsers: DemoUser[];
}

export interface DemoUser {
  id: string;
  name: string;
  roles: string[];
}

/** The demo factory's accounts (packages/server/src/demo), for a server too old to list them. */
export const DEFAULT_DEMO_USERS: DemoUser[] = [
  { id: 'demo-operator', name: '李师傅', roles: ['operator'] },
  { id: 'demo-approver', name: '赵主管', roles: ['approver'] },
  { id: 'demo-storekeeper', name: '孙仓管', roles: ['storekeeper'] },
  { id: 'demo-planner', name: '周计划', roles: ['planner'] },
];

declare global {
  interface Window {
    /** Injected by the server into index.html (or by a test): wins over everything else. */
    __SHOPFLOOR_CONFIG__?: Partial<HostConfig> & { apiBaseUrl?: string };
  }
}

export interface HostConfigSources {
  /** `window.__SHOPFLOOR_CONFIG__`. */
  injected?: Partial<HostConfig>;
  /** `location.search` (before the `#`): `corpId`, `agentId`, `demo`. */
  search?: string;
  /** `GET /api/v1/auth/config`; rejects or answers undefined where the server lacks it. */
  fetchServerConfig?: () => Promise<unknown>;
}

/** Merges the sources, the first that says wins: injected config, server answer, query parameters. */
export async function loadHostConfig(sources: HostConfigSources): Promise<HostConfig> {
  const fromServer = await fetchQuietly(sources.fetchServerConfig);
  const fromQuery = configFromSearch(sources.search ?? '');
  const merged: Partial<HostConfig> = {
    ...fromQuery,
    ...definedOnly(fromServer),
    ...definedOnly(sources.injected),
  };
  return {
    dingtalkCorpId: merged.dingtalkCorpId,
    wecomCorpId: merged.wecomCorpId,
    wecomAgentId: merged.wecomAgentId,
    // Without any word from the server, offer demo sign-in: dev-login answers 404 if it is off.
    demo: merged.demo ?? true,
    serverDemo: (sources.injected?.demo ?? fromServer?.demo) === true,
    demoUsers: merged.demoUsers?.length ? merged.demoUsers : DEFAULT_DEMO_USERS,
  };
}

export function configFromSearch(search: string): Partial<HostConfig> {
  const params = new URLSearchParams(search);
  const corpId = params.get('corpId') ?? undefined;
  const config: Partial<HostConfig> = {
    dingtalkCorpId: corpId,
    wecomCorpId: corpId,
    wecomAgentId: params.get('agentId') ?? undefined,
  };
  const demo = params.get('demo');
  if (demo !== null) config.demo = demo !== '0' && demo !== 'false';
  return config;
}

/** Reads the server's `{ platform, dingtalkCorpId?, wecomCorpId?, wecomAgentId?, demo, demoUsers? }`. */
export function parseServerConfig(body: unknown): Partial<HostConfig> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const demoUsers = Array.isArray(record.demoUsers) ? record.demoUsers.filter(isDemoUser) : undefined;
  return {
    dingtalkCorpId: text(record.dingtalkCorpId),
    wecomCorpId: text(record.wecomCorpId),
    wecomAgentId:
      text(record.wecomAgentId) ??
      (typeof record.wecomAgentId === 'number' ? String(record.wecomAgentId) : undefined),
    demo: typeof record.demo === 'boolean' ? record.demo : undefined,
    demoUsers,
  };
}

function isDemoUser(value: unknown): value is DemoUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.id === 'string' && typeof user.name === 'string' && Array.isArray(user.roles);
}

async function fetchQuietly(
  fetchServerConfig?: () => Promise<unknown>,
): Promise<Partial<HostConfig> | undefined> {
  if (!fetchServerConfig) return undefined;
  try {
    return parseServerConfig(await fetchServerConfig());
  } catch {
    return undefined; // an older server without /auth/config: fall back to the other sources
  }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
