import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOperationQr, OperationQr, parseOperationQr, ValidationError } from '../src/index.js';

/** Work-order numbers as factories write them: no spaces, no colons, at most 40 characters. */
const workOrderNo = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .filter((no) => /^[^\s:]+$/.test(no) && no.length <= 40);
const seq = fc.integer({ min: 1, max: 99_999 });

function parseError(text: string): ValidationError {
  try {
    parseOperationQr(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`parsed '${text}'`);
}

describe('the operation QR code', () => {
  it('reads back the work order and seq it was printed with', () => {
    fc.assert(
      fc.property(workOrderNo, seq, (no, n) => {
        const text = formatOperationQr({ workOrderNo: no, seq: n });
        expect(parseOperationQr(text)).toEqual({ workOrderNo: no, seq: n });
      }),
      { numRuns: 300 },
    );
  });

  it('prints codes the OperationQr schema accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_\-./]{1,40}$/), seq, (no, n) => {
        expect(OperationQr.safeParse(formatOperationQr({ workOrderNo: no, seq: n })).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('names the expected format when the schema alone rejects a text', () => {
    const result = OperationQr.safeParse('https://example.com/p/123');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'expected SF1:OP:<work order>:<operation seq>, e.g. SF1:OP:WO-2026-0001:20',
    );
  });

  it('ignores the whitespace and line break scanners append', () => {
    expect(parseOperationQr('  SF1:OP:WO-2026-0001:20\r\n')).toEqual({
      workOrderNo: 'WO-2026-0001',
      seq: 20,
    });
  });

  it('rejects arbitrary text with a ValidationError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        fc.pre(!/^\s*SF1:OP:[^\s:]{1,40}:[1-9]\d{0,4}\s*$/.test(text));
        expect(() => parseOperationQr(text)).toThrow(ValidationError);
      }),
      { numRuns: 300 },
    );
  });

  it('tells the operator what it expected when he scans a URL', () => {
    const error = parseError('https://example.com/p/123');
    expect(error.message).toBe(
      "not a Shopfloor operation code: expected SF1:OP:<work order>:<operation seq>, got 'https://example.com/p/123'",
    );
    expect(error.errors).toEqual([{ path: 'qr', message: error.message }]);
  });

  it('names a bad seq', () => {
    expect(parseError('SF1:OP:WO-1:0').message).toMatch(/invalid operation seq '0'/);
    expect(parseError('SF1:OP:WO-1:abc').message).toMatch(/invalid operation seq 'abc'/);
  });

  it('names a bad work-order number', () => {
    expect(parseError('SF1:OP:WO 1:10').message).toMatch(/invalid work-order number/);
    expect(parseError('SF1:OP::10').message).toMatch(/invalid work-order number/);
  });

  it('asks for an update when the code comes from a newer format', () => {
    expect(parseError('SF2:OP:WO-1:10').message).toMatch(/unsupported Shopfloor code version SF2/);
  });

  it('recognises a Shopfloor code of another kind', () => {
    expect(parseError('SF1:LOT:L-1').message).toMatch(/a Shopfloor code, but not of an operation/);
  });

  it('shortens very long scans in the message', () => {
    expect(parseError('x'.repeat(500)).message.length).toBeLessThan(200);
  });

  it('refuses to print a code for an invalid seq', () => {
    expect(() => formatOperationQr({ workOrderNo: 'WO-1', seq: 0 })).toThrow();
  });
});
