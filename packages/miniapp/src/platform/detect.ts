import type { PlatformName } from '@shopfloor/sdk';

/**
 * Which host the H5 app runs in, from the user agent alone (the host libraries are not loaded yet):
 * DingTalk puts `DingTalk` in it, WeCom `wxwork/<version>`; anything else is a plain browser.
 */
export function detectHost(userAgent: string): PlatformName {
  if (/dingtalk/i.test(userAgent)) return 'dingtalk';
  if (/wxwork\//i.test(userAgent)) return 'wecom';
  return 'browser';
}
