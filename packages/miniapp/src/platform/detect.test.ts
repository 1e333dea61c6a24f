import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectHost } from './detect';

describe('detectHost', () => {
  it('recognises DingTalk, WeCom and everything else from the user agent', () => {
    expect(detectHost('Mozilla/5.0 (iPhone) AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/30000000')).toBe(
      'dingtalk',
    );
    expect(detectHost('Mozilla/5.0 (Linux; Android 13) wxwork/4.1.30 MicroMessenger/7.0.1')).toBe('wecom');
    expect(detectHost('Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.40')).toBe('browser');
    expect(detectHost('Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0')).toBe('browser');
  });

  it('never mistakes a user agent without either marker for a host', () => {
    const plain = fc.string().filter((ua) => !/dingtalk|wxwork\//i.test(ua));
    fc.assert(
      fc.property(plain, (ua) => detectHost(ua) === 'browser'),
      { numRuns: 200 },
    );
  });
});
