import type { IssueRequest } from '@shopfloor/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../src/config.js';
import {
  dingTalkApprovalNotice,
  outcomeText,
  requestLink,
  taskIdOf,
  weComApprovalCard,
} from '../src/modules/chat-approvals/cards.js';
import { platformEnv } from './fixtures-platform.js';

// biome-ignore lint/suspicious/noExplicitAny: the card is WeCom's JSON, read by the assertions
type Card = Record<string, any>;

const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max });
const request: fc.Arbitrary<IssueRequest> = fc.record({
  id: fc.uuid(),
  no: text(40),
  kind: fc.constantFrom('issue', 'return', 'scrap'),
  warehouse: text(32),
  warehouseName: text(100),
  workOrderNo: fc.option(text(40), { nil: undefined }),
  requester: text(64),
  requesterName: text(100),
  status: fc.constant('pending'),
  comment: fc.option(text(500), { nil: undefined }),
  emergency: fc.boolean(),
  lines: fc.array(
    fc.record({
      line: fc.nat(),
      item: text(40),
      qty: fc.double({ min: 0.001, max: 1e9, noNaN: true }),
      location: text(32),
    }),
    { minLength: 1, maxLength: 30 },
  ),
  approvals: fc.constant([]),
  createdAt: fc.constant('2026-12-05T09:00:00+08:00'),
}) as fc.Arbitrary<IssueRequest>;

describe('approval card contents', () => {
  it('keeps within WeCom’s limits for any request, with the task id and link the callback relies on', () => {
    fc.assert(
      fc.property(request, text(40), (r, outcome) => {
        const link = requestLink('https://mes.example.cn/', r.id);
        const card = weComApprovalCard(r, link, { replaceText: outcome, note: outcome }) as Card;
        expect(card.task_id).toBe(taskIdOf(r.id));
        expect(card.task_id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
        expect([...card.main_title.title].length).toBeLessThanOrEqual(26);
        expect([...card.main_title.desc].length).toBeLessThanOrEqual(30);
        expect([...card.sub_title_text].length).toBeLessThanOrEqual(112);
        expect([...card.replace_text].length).toBeLessThanOrEqual(20);
        expect(card.horizontal_content_list.length).toBeLessThanOrEqual(6);
        expect(card.button_list.map((b: { key?: string }) => b.key)).toEqual([
          'approve',
          'reject',
          undefined,
        ]);
        expect(card.card_action).toEqual({ type: 1, url: link });
        expect(link).toBe(`https://mes.example.cn/app/#/pages/issue-requests/index?id=${r.id}`);
        const notice = dingTalkApprovalNotice(r, link);
        expect(notice.url).toBe(link);
        expect(notice.markdown.split('\n').filter((l) => l.startsWith('- ')).length).toBeLessThanOrEqual(11);
      }),
      { numRuns: 200 },
    );
  });

  it('names who decided', () => {
    expect(outcomeText('approved', '王')).toBe('已由王批准');
    expect(outcomeText('rejected', '李')).toBe('已被李驳回');
    expect(outcomeText('partially-approved', '王')).toBe('已由王部分批准');
    expect(outcomeText('cancelled', undefined)).toBe('申请人已撤回');
  });
});

describe('chat approval settings', () => {
  const key = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems ?? [String(err)];
    }
  };

  it('reads the WeCom callback settings and the DingTalk switch', () => {
    const config = loadConfig({
      ...platformEnv,
      SHOPFLOOR_PUBLIC_URL: 'https://mes.example.cn',
      SHOPFLOOR_WECOM_CALLBACK_TOKEN: 'QDG6eK',
      SHOPFLOOR_WECOM_CALLBACK_AES_KEY: key,
      SHOPFLOOR_DINGTALK_APPROVAL_NOTICES: 'on',
    });
    expect(config.chatApprovals).toEqual({ wecom: { token: 'QDG6eK', aesKey: key }, dingtalkNotices: true });
    expect(loadConfig({}).chatApprovals).toEqual({ wecom: undefined, dingtalkNotices: false });
  });

  it('refuses half the pair, a bad key, and cards without the public URL or the platform', () => {
    const base = { ...platformEnv, SHOPFLOOR_PUBLIC_URL: 'https://mes.example.cn' };
    expect(problems({ ...base, SHOPFLOOR_WECOM_CALLBACK_TOKEN: 't' }).join('\n')).toContain(
      'SHOPFLOOR_WECOM_CALLBACK_AES_KEY missing',
    );
    expect(
      problems({
        ...base,
        SHOPFLOOR_WECOM_CALLBACK_TOKEN: 't',
        SHOPFLOOR_WECOM_CALLBACK_AES_KEY: `${key}=`,
      }).join('\n'),
    ).toContain('SHOPFLOOR_WECOM_CALLBACK_AES_KEY');
    expect(
      problems({
        ...platformEnv,
        SHOPFLOOR_WECOM_CALLBACK_TOKEN: 't',
        SHOPFLOOR_WECOM_CALLBACK_AES_KEY: key,
      }).join('\n'),
    ).toContain('SHOPFLOOR_PUBLIC_URL');
    expect(
      problems({
        SHOPFLOOR_PUBLIC_URL: 'https://x.cn',
        SHOPFLOOR_WECOM_CALLBACK_TOKEN: 't',
        SHOPFLOOR_WECOM_CALLBACK_AES_KEY: key,
      }).join('\n'),
    ).toContain('WECOM_CORP_ID');
    expect(problems({ SHOPFLOOR_DINGTALK_APPROVAL_NOTICES: 'on' }).join('\n')).toContain(
      'SHOPFLOOR_DINGTALK_APPROVAL_NOTICES',
    );
  });
});
