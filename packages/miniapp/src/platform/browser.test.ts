import { describe, expect, it, vi } from 'vitest';
import { createBrowserAdapter } from './browser';
import { adapterBasics } from './test-support';

describe('browser adapter (demo mode)', () => {
  it('signs in as the demo user picked on screen', async () => {
    const pickDemoUser = vi.fn(async () => 'demo-approver');
    const adapter = createBrowserAdapter({
      ...adapterBasics(),
      search: '',
      pickDemoUser,
      promptCode: async () => undefined,
    });
    await expect(adapter.getLoginCode()).resolves.toEqual({ code: 'demo-approver', platform: 'browser' });
  });

  it('signs in as ?demoUser= without showing the picker', async () => {
    const pickDemoUser = vi.fn(async () => 'demo-approver');
    const adapter = createBrowserAdapter({
      ...adapterBasics(),
      search: '?demoUser=demo-operator',
      pickDemoUser,
      promptCode: async () => undefined,
    });
    await expect(adapter.getLoginCode()).resolves.toEqual({ code: 'demo-operator', platform: 'browser' });
    expect(pickDemoUser).not.toHaveBeenCalled();
  });

  it('returns the typed code, trimmed, as the scan result', async () => {
    const adapter = createBrowserAdapter({
      ...adapterBasics(),
      search: '',
      pickDemoUser: async () => '',
      promptCode: async () => '  SF1:OP:WO-1:10 \n',
    });
    await expect(adapter.scan()).resolves.toBe('SF1:OP:WO-1:10');
  });

  it('treats a closed code sheet as a cancelled scan', async () => {
    const adapter = createBrowserAdapter({
      ...adapterBasics(),
      search: '',
      pickDemoUser: async () => '',
      promptCode: async () => undefined,
    });
    await expect(adapter.scan()).rejects.toMatchObject({ name: 'PlatformError', code: 'CANCELLED' });
  });
});
