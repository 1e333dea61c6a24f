import { describe, expect, it } from 'vitest';
import { createScanWedge } from './scan-wedge';

const key = (k: string, target: unknown = { tagName: 'BODY' }) => ({
  key: k,
  target: target as EventTarget,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

function type(wedge: ReturnType<typeof createScanWedge>, text: string, target?: unknown) {
  for (const ch of text) wedge.onKeyDown(key(ch, target));
  const enter = key('Enter', target);
  wedge.onKeyDown(enter);
  return enter;
}

describe('scan gun keystrokes (keyboard wedge)', () => {
  it('hands a code typed outside any field, ended by Enter, to the page on top', () => {
    const wedge = createScanWedge(() => 0);
    const got: string[] = [];
    const other: string[] = [];
    wedge.push((c) => other.push(c));
    const undo = wedge.push((c) => got.push(c));
    const enter = type(wedge, 'SF1:OP:WO-1:10');
    expect(got).toEqual(['SF1:OP:WO-1:10']);
    expect(other).toEqual([]);
    expect(enter.prevented).toBe(true);
    undo();
    type(wedge, 'LOT-7');
    expect(other).toEqual(['LOT-7']);
  });

  it('leaves typing into a text field to the field', () => {
    const wedge = createScanWedge(() => 0);
    const got: string[] = [];
    wedge.push((c) => got.push(c));
    type(wedge, 'LOT-7', { tagName: 'INPUT' });
    expect(got).toEqual([]);
  });

  it('starts again after a pause (a stray key long before is not part of the code)', () => {
    let now = 0;
    const wedge = createScanWedge(() => now);
    const got: string[] = [];
    wedge.push((c) => got.push(c));
    wedge.onKeyDown(key('x'));
    now = 5_000;
    type(wedge, 'LOT-7');
    expect(got).toEqual(['LOT-7']);
  });
});

describe('keydowns without a key (autofill, IMEs)', () => {
  it('ignores them', () => {
    const wedge = createScanWedge(() => 0);
    const got: string[] = [];
    wedge.push((c) => got.push(c));
    wedge.onKeyDown({ ...key('x'), key: undefined as unknown as string });
    type(wedge, 'AB');
    expect(got).toEqual(['AB']);
  });
});

describe("Taro's custom-element fields", () => {
  it('leaves typing into taro-input-core to the field', () => {
    const wedge = createScanWedge(() => 0);
    const got: string[] = [];
    wedge.push((c) => got.push(c));
    type(wedge, 'LOT-7', { tagName: 'TARO-INPUT-CORE' });
    expect(got).toEqual([]);
  });
});
