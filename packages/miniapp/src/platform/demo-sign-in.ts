import type { LoginCode, PlatformAdapter } from '@shopfloor/sdk';
import type { HostConfig } from './host-config';

export interface DemoSignInOptions {
  /** `location.search`: `?demoUser=demo-operator` signs in without the picker (links, tests). */
  search: string;
  /** Shows the demo-account picker; resolves with the chosen user id. */
  pickDemoUser: () => Promise<string>;
}

/** A demo user id for `/auth/dev-login`: from the URL, else from the picker. */
export async function demoLoginCode(options: DemoSignInOptions): Promise<LoginCode> {
  const fromUrl = new URLSearchParams(options.search).get('demoUser');
  const code = fromUrl || (await options.pickDemoUser());
  return { code, platform: 'browser' };
}

/**
 * The host's adapter, signing in through the demo picker when the server says it runs in demo
 * mode: a demo server has no corp to ask DingTalk or WeCom for a code. Scanning stays the host's.
 */
export function withDemoSignIn(
  adapter: PlatformAdapter,
  hostConfig: Pick<HostConfig, 'serverDemo'>,
  options: DemoSignInOptions,
): PlatformAdapter {
  if (!hostConfig.serverDemo || adapter.name === 'browser') return adapter;
  return { ...adapter, getLoginCode: () => demoLoginCode(options) };
}
