import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_USERS, loadHostConfig } from './host-config';

describe('loadHostConfig', () => {
  it('prefers injected config over the server answer over the query string', async () => {
    const config = await loadHostConfig({
      injected: { wecomAgentId: '42' },
      fetchServerConfig: async () => ({
        platform: 'wecom',
        wecomCorpId: 'ww-server',
        wecomAgentId: 7,
        demo: false,
      }),
      search: '?corpId=ww-query&agentId=1',
    });
    expect(config).toMatchObject({ wecomCorpId: 'ww-server', wecomAgentId: '42', demo: false });
  });

  it('falls back to the query string and demo mode when the server has no /auth/config', async () => {
    const config = await loadHostConfig({
      fetchServerConfig: async () => {
        throw new Error('404');
      },
      search: '?corpId=ding-1',
    });
    expect(config).toMatchObject({ dingtalkCorpId: 'ding-1', demo: true, demoUsers: DEFAULT_DEMO_USERS });
  });

  it('offers the demo users the server lists', async () => {
    const demoUsers = [{ id: 'u1', name: '甲', roles: ['operator'] }];
    const config = await loadHostConfig({ fetchServerConfig: async () => ({ demo: true, demoUsers }) });
    expect(config.demoUsers).toEqual(demoUsers);
  });

  it('says the server is in demo mode only when the server or its injected config says so', async () => {
    const silent = await loadHostConfig({ search: '?demo=1' });
    expect(silent).toMatchObject({ demo: true, serverDemo: false });
    const server = await loadHostConfig({ fetchServerConfig: async () => ({ demo: true }) });
    expect(server.serverDemo).toBe(true);
    const injected = await loadHostConfig({
      injected: { demo: false },
      fetchServerConfig: async () => ({ demo: true }),
    });
    expect(injected).toMatchObject({ demo: false, serverDemo: false });
  });
});
