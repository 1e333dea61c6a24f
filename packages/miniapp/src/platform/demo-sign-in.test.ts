import type { PlatformAdapter } from '@shopfloor/sdk';
import { describe, expect, it, vi } from 'vitest';
import { withDemoSignIn } from './demo-sign-in';
import { adapterBasics } from './test-support';

/** A host adapter whose own sign-in must not run (WeCom would leave for its OAuth page). */
function hostAdapter(name: PlatformAdapter['name']) {
  const hostLogin = vi.fn(async () => ({ code: 'host-code', platform: name }));
  const scan = vi.fn(async () => 'SF1:OP:WO-1:10');
  const adapter: PlatformAdapter = { ...adapterBasics(), name, getLoginCode: hostLogin, scan };
  return { adapter, hostLogin, scan };
}

describe('demo sign-in in the hosts', () => {
  it('replaces the WeCom sign-in by the picker on a demo server, and keeps the WeCom scanner', async () => {
    const { adapter, hostLogin, scan } = hostAdapter('wecom');
    const pickDemoUser = vi.fn(async () => 'demo-approver');
    const platform = withDemoSignIn(adapter, { serverDemo: true }, { search: '', pickDemoUser });
    await expect(platform.getLoginCode()).resolves.toEqual({ code: 'demo-approver', platform: 'browser' });
    expect(hostLogin).not.toHaveBeenCalled();
    await platform.scan();
    expect(scan).toHaveBeenCalledOnce();
    expect(platform.name).toBe('wecom');
  });

  it('takes ?demoUser= without the picker', async () => {
    const pickDemoUser = vi.fn(async () => 'demo-approver');
    const platform = withDemoSignIn(
      hostAdapter('dingtalk').adapter,
      { serverDemo: true },
      { search: '?demoUser=demo-operator', pickDemoUser },
    );
    await expect(platform.getLoginCode()).resolves.toEqual({ code: 'demo-operator', platform: 'browser' });
    expect(pickDemoUser).not.toHaveBeenCalled();
  });

  it('leaves the host sign-in alone when the server is not in demo mode', async () => {
    const { adapter } = hostAdapter('wecom');
    const pickDemoUser = vi.fn(async () => '');
    expect(withDemoSignIn(adapter, { serverDemo: false }, { search: '', pickDemoUser })).toBe(adapter);
  });
});
