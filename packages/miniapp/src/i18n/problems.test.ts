import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n';
import { localProblemText } from './problems';

describe('server problems in the reader language', () => {
  afterEach(() => setLocale('zh-CN'));

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
    expect(localProblemText('/problems/forbidden', { rule: 'own-request', verb: 'approve' })).toBe(
      '不能审批自己的申请',
    );
  });

  it('leaves unknown problems, problems without params and English readers to the server words', () => {
    expect(localProblemText('/problems/forbidden', { rule: 'other' })).toBeUndefined();
    expect(localProblemText('/problems/something-new', { a: 1 })).toBeUndefined();
    expect(localProblemText('/problems/insufficient-stock', undefined)).toBeUndefined();
    setLocale('en');
    expect(localProblemText('/problems/forbidden', { rule: 'own-request', verb: 'approve' })).toBeUndefined();
  });
});
