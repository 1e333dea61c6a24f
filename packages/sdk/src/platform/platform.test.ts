import { describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../storage/index.js';
import { createBrowserNetworkStatus, type PlatformAdapter, PlatformError, withTimeout } from './index.js';

describe('withTimeout', () => {
  it('passes through an answer that comes in time', async () => {
    await expect(
      withTimeout(Promise.resolve('SF1:OP:WO-1:10'), 1_000, 'Scanner did not answer'),
    ).resolves.toBe('SF1:OP:WO-1:10');
  });

  it('passes through the bridge’s own failure unchanged', async () => {
    const cancelled = new PlatformError('CANCELLED', 'Scan cancelled');
    await expect(withTimeout(Promise.reject(cancelled), 1_000, 'late')).rejects.toBe(cancelled);
  });

  it('gives up on a bridge that never answers, with a TIMEOUT PlatformError carrying the user message', async () => {
    vi.useFakeTimers();
    try {
      const never = withTimeout(new Promise<string>(() => {}), 5_000, '扫码无响应，请重试');
      const assertion = expect(never).rejects.toMatchObject({
        name: 'PlatformError',
        code: 'TIMEOUT',
        message: '扫码无响应，请重试',
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await assertion;
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('browser network status', () => {
  it('reports changes from online/offline events until unsubscribed', () => {
    const target = new EventTarget();
    const network = createBrowserNetworkStatus(target);
    const seen: boolean[] = [];
    const unsubscribe = network.subscribe((online) => seen.push(online));
    target.dispatchEvent(new Event('offline'));
    target.dispatchEvent(new Event('online'));
    unsubscribe();
    target.dispatchEvent(new Event('online'));
    expect(seen).toHaveLength(2);
    expect(network.isOnline()).toBe(true); // Node has no navigator.onLine: assume online
  });
});

describe('PlatformAdapter', () => {
  it('can be implemented by a host without any host library', async () => {
    const adapter: PlatformAdapter = {
      name: 'browser',
      getLoginCode: async () => ({ code: 'demo-operator', platform: 'browser' }),
      scan: () => withTimeout(Promise.resolve('SF1:OP:WO-1:10'), 1_000, 'Scanner did not answer'),
      toast: () => {},
      storage: createMemoryStorage(),
      network: createBrowserNetworkStatus(new EventTarget()),
    };
    expect(await adapter.getLoginCode()).toEqual({ code: 'demo-operator', platform: 'browser' });
    expect(await adapter.scan()).toBe('SF1:OP:WO-1:10');
  });
});
