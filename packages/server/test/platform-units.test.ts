import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingTalkRobotSign } from '../src/modules/platform/dingtalk.js';
import { PlatformRejectedError, PlatformUnavailableError } from '../src/modules/platform/errors.js';
import { ExpiringValue } from '../src/modules/platform/expiring-value.js';
import { platformFetch } from '../src/modules/platform/platform-fetch.js';
import { jsSdkSignature } from '../src/modules/platform/wecom.js';
import {
  ALERT_AFTER_ATTEMPTS,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelay,
} from '../src/modules/sync/backoff.js';
import { alertDigest } from '../src/modules/sync/connectors/messages.js';
import { TestClock } from './harness.js';

const msw = setupServer(
  http.get('https://slow.test/gettoken', async () => {
    await delay(2_000);
    return HttpResponse.json({ errcode: 0 });
  }),
  http.get('https://refuse.test/gettoken', () =>
    HttpResponse.json({ errcode: 40089, errmsg: 'invalid appsecret' }),
  ),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

describe('WeCom JS-SDK signature', () => {
  it('matches the worked example of the WeChat/WeCom JS-SDK documentation', () => {
    expect(
      jsSdkSignature({
        ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs a URL and the same URL with any #fragment alike', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true }),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (url, fragment, timestamp) => {
          const base = url.split('#')[0]!;
          const input = { ticket: 'T', nonceStr: 'N', timestamp };
          const expected = createHash('sha1')
            .update(`jsapi_ticket=T&noncestr=N&timestamp=${timestamp}&url=${base}`)
            .digest('hex');
          expect(jsSdkSignature({ ...input, url: `${base}#${fragment}` })).toBe(expected);
          expect(jsSdkSignature({ ...input, url: base })).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('DingTalk robot signature', () => {
  it('is the url-encoded base64 HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 2 ** 42 }), (secret, ts) => {
        const raw = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
        const sign = dingTalkRobotSign(secret, ts);
        expect(decodeURIComponent(sign)).toBe(raw);
        expect(sign).not.toMatch(/[+/=]/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('delivery back-off', () => {
  it('stays between half and all of the capped exponential ceiling, and at the maximum once alerting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempts, r) => {
          const ceiling =
            attempts >= ALERT_AFTER_ATTEMPTS
              ? BACKOFF_MAX_MS
              : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
          const d = backoffDelay(attempts, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(d).toBeLessThanOrEqual(ceiling);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never shrinks its ceiling as attempts grow', () => {
    const top = (n: number) => backoffDelay(n, () => 1);
    for (let n = 1; n < 40; n++) expect(top(n + 1)).toBeGreaterThanOrEqual(top(n));
  });
});

describe('platform calls', () => {
  it('turns a slow platform into PlatformUnavailableError after the time out, naming no URL', async () => {
    const err = await platformFetch({
      platform: 'DingTalk',
      api: 'gettoken',
      url: 'https://slow.test/gettoken?appsecret=S3CRET',
      timeoutMs: 50,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect((err as Error).message).toContain('timed out');
    expect((err as Error).message).not.toContain('S3CRET');
  });

  it('turns an errcode into PlatformRejectedError with the code', async () => {
    const err = await platformFetch({
      platform: 'WeCom',
      api: 'gettoken',
      url: 'https://refuse.test/gettoken?corpsecret=S3CRET',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformRejectedError);
    expect(err).toMatchObject({ errcode: 40089 });
    expect((err as Error).message).not.toContain('S3CRET');
  });

  it('fetches an expiring value once for concurrent callers and again shortly before it expires', async () => {
    const clock = new TestClock();
    let fetched = 0;
    const token = new ExpiringValue(async () => ({ value: `t${++fetched}`, expiresIn: 7200 }), clock);
    expect(await Promise.all([token.get(), token.get(), token.get()])).toEqual(['t1', 't1', 't1']);
    clock.advance(7200_000 - 600_000);
    expect(await token.get()).toBe('t1');
    clock.advance(400_000); // inside the last five minutes
    expect(await token.get()).toBe('t2');
    token.invalidate();
    expect(await token.get()).toBe('t3');
  });
});

describe('alert digest', () => {
  it('lists up to twenty alerts and counts the rest, so one message carries a whole minute', () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      id: i,
      orgId: 'demo',
      topic: 'alert.opened',
      aggregateType: 'alert',
      aggregateId: String(i),
      payload: { kind: 'safety-stock', severity: 'warning', subject: `ITEM-${i}`, message: '低于安全库存' },
      createdAt: new Date(),
    }));
    const digest = alertDigest(events);
    expect(digest.title).toContain('25');
    expect(digest.text).toContain('ITEM-19');
    expect(digest.text).not.toContain('ITEM-20');
    expect(digest.text).toContain('另有 5 条');
    expect(Buffer.byteLength(digest.text)).toBeLessThan(4096);
  });

  it('words alerts with params in Chinese by default and in English when asked', () => {
    const events = [
      {
        id: 1,
        orgId: 'demo',
        topic: 'alert.opened',
        aggregateType: 'alert',
        aggregateId: 'a1',
        payload: {
          kind: 'overdue-operation',
          severity: 'warning',
          subject: 'WO-1:20',
          message: '工单 WO-1 工序 20（焊接）已逾期 5 小时：应于 2026-11-26 00:00 完成，合格 3 / 10',
          params: {
            workOrderNo: 'WO-1',
            seq: 20,
            operation: '焊接',
            lateMinutes: 300,
            deadline: '2026-11-26 00:00',
            good: 3,
            qty: 10,
          },
        },
        createdAt: new Date(),
      },
    ];
    expect(alertDigest(events).text).toContain(
      '工序逾期：WO-1 工序 20**: 工单 WO-1 工序 20（焊接）已逾期 5 小时：应于 2026-11-26 00:00 完成，合格 3 / 10',
    );
    const en = alertDigest(events, 'en').text;
    expect(en).toContain(
      '[warning] Operation overdue: WO-1 op 20**: Work order WO-1 operation 20 (焊接) is 5 h late',
    );
    expect(en).not.toMatch(/工序|逾期|警告/);
  });
});
