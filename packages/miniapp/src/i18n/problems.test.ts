import { FLOOR_PROBLEMS, parseOperationQr, ShopfloorError } from '@shopfloor/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from '../components/error-message';
import { setLocale } from './i18n';
import { localProblemText } from './problems';

const CJK = /[\u4e00-\u9fff]/;
/** Params that choose words (a status, a verb) or stand behind a name, rather than being shown as sent. */
const WORDED = new Set(['status', 'verb', 'reason', 'field', 'roles', 'workshop']);
const LATIN_WORDS = /\b(?:the|is|of|does|not|you|your|with|for|at|got|cannot|only)\b/i;

/** A value for every param a problem carries, as the server would send them. */
function sampleParams(names: readonly string[]): Record<string, string | number> {
  return Object.fromEntries(names.map((name, i) => [name, name === 'status' ? 'pending' : `v${i}`]));
}

describe('server problems in the reader language', () => {
  afterEach(() => setLocale('zh-CN'));

  it('words every problem an operator, approver or storekeeper can meet, in Chinese and in English', () => {
    for (const [code, names] of Object.entries(FLOOR_PROBLEMS)) {
      const params = sampleParams(names);
      const zh = localProblemText(`/problems/${code}`, params, 'zh-CN');
      const en = localProblemText(`/problems/${code}`, params, 'en');
      expect(zh, code).toMatch(CJK);
      expect(zh, code).not.toMatch(LATIN_WORDS);
      expect(en, code).not.toMatch(CJK);
      for (const text of [zh, en]) {
        expect(text, code).not.toMatch(/undefined|null|\[object/);
        // every param the server sends shows up in the words
        for (const [name, value] of Object.entries(params)) {
          if (!WORDED.has(name)) expect(text, `${code}.${name}`).toContain(String(value));
        }
      }
    }
  });

  it('says a report on a held, cancelled or closed work order was refused, and why', () => {
    const stopped = (status: string) =>
      localProblemText('/problems/work-order-stopped', { workOrderNo: 'WO-1', status }, 'zh-CN');
    expect(stopped('on-hold')).toBe('工单 WO-1 已暂停，暂停期间不能报工，恢复后再报');
    expect(stopped('cancelled')).toBe('工单 WO-1 已取消，不能再报工');
    expect(stopped('closed')).toBe('工单 WO-1 已关闭，不能再报工');
    expect(
      localProblemText(
        '/problems/work-order-not-open',
        { workOrderNo: 'WO-1', status: 'cancelled' },
        'zh-CN',
      ),
    ).toBe('工单 WO-1 当前已取消，只能为已下达的工单领料');
  });

  it('says a refused report in Chinese with the server numbers', () => {
    expect(
      localProblemText('/problems/operation-sequence', {
        seq: 30,
        asked: 5,
        reported: 2,
        previousSeq: 20,
        previousGood: 6,
      }),
    ).toBe('工序 30 不能报 5：上道工序 20 目前良品 6，本工序已报 2');
    expect(
      localProblemText('/problems/operation-sequence', { seq: 10, asked: 4, reported: 7, orderQty: 10 }),
    ).toBe('工序 10 不能报 4：工单数量 10，本工序已报 7');
  });

  it('says short stock and an own request in Chinese', () => {
    expect(
      localProblemText('/problems/insufficient-stock', {
        item: 'LEG',
        location: 'RM-A01',
        lot: null,
        available: 5,
        needed: 8,
      }),
    ).toBe('库存不足：LEG 在库位 RM-A01 现有 5，需要 8，未过账');
    expect(localProblemText('/problems/own-request', { verb: 'approve' })).toBe('不能审批自己的申请');
    expect(localProblemText('/problems/forbidden', { roles: 'approver,storekeeper' })).toBe(
      '没有权限：需要审批人或仓管员角色',
    );
  });

  it('says an unknown work order, another workshop and a too fine quantity without English', () => {
    const notFound = new ShopfloorError('work order WO-9999-0001 does not exist', {
      status: 404,
      problem: {
        type: '/problems/work-order-not-found',
        title: 'Not found',
        status: 404,
        detail: 'work order WO-9999-0001 does not exist',
        params: { workOrderNo: 'WO-9999-0001' },
      },
    });
    expect(errorMessage(notFound)).toBe('工单 WO-9999-0001 不存在');
    expect(
      localProblemText('/problems/operation-out-of-scope', {
        workOrderNo: 'WO-2026-0007',
        seq: 10,
        workshop: 'WS-CUT',
        workshopName: '开料车间',
        yourWorkshops: '总装车间',
      }),
    ).toBe('工单 WO-2026-0007 的工序 10 属于开料车间，你负责的是总装车间');
    expect(
      localProblemText('/problems/quantity-precision', {
        field: 'goodQty',
        item: 'FG-CH-SOFT',
        uom: 'pcs',
        precision: 0,
        got: 1.5,
      }),
    ).toBe('良品数须为整数：FG-CH-SOFT 以件计，填了 1.5');
    setLocale('en');
    expect(errorMessage(notFound)).toBe('Work order WO-9999-0001 does not exist');
  });

  it('says a scanned code that is not an operation in the reader language', () => {
    let scanned: unknown;
    try {
      parseOperationQr('hello-world');
    } catch (error) {
      scanned = error;
    }
    expect(errorMessage(scanned)).toBe('这不是工序码：hello-world');
    setLocale('en');
    expect(errorMessage(scanned)).toBe('This is not an operation code: hello-world');
  });

  it('leaves problems the floor never meets to the server words', () => {
    expect(localProblemText('/problems/something-new', { a: 1 })).toBeUndefined();
  });
});
