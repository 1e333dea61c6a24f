import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperationStatus, Role, WorkOrderStatus } from '@shopfloor/sdk';
import { LocationKind } from '@shopfloor/sdk/admin';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from './dictionary';
import { format } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the console dictionary', () => {
  it('has every Chinese text in English too, and nothing else', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('has no empty text in either language', () => {
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('names every role, location kind, work order and operation status the console shows', () => {
    const keys = new Set(Object.keys(zhCN));
    const wanted = [
      ...Role.options.flatMap((role) => [`role.${role}`, `roleHint.${role}`]),
      ...LocationKind.options.map((kind) => `locationKind.${kind}`),
      ...WorkOrderStatus.options.map((status) => `woStatus.${status}`),
      ...OperationStatus.options.map((status) => `opStatus.${status}`),
      ...['make', 'buy', 'phantom'].map((type) => `itemType.${type}`),
      ...[1, 2, 3, 4, 5, 6, 7].map((day) => `weekday.${day}`),
    ];
    expect(wanted.filter((key) => !keys.has(key))).toEqual([]);
  });

  it('has every key the source asks for, and no key nobody asks for', () => {
    const code = sources(SRC)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const asked = new Set([...code.matchAll(/\bt\(\s*'([\w.-]+)'/g)].map((m) => m[1]!));
    expect([...asked].filter((key) => !(key in zhCN))).toEqual([]);
    // Keys built at run time (`role.${role}`, menu titles from layout/pages.tsx) are asked by prefix.
    const dynamic = [
      'role.',
      'roleHint.',
      'locationKind.',
      'itemType.',
      'woStatus.',
      'opStatus.',
      'platform.',
      'weekday.',
    ];
    const unused = Object.keys(zhCN).filter(
      (key) =>
        !asked.has(key) && !dynamic.some((prefix) => key.startsWith(prefix)) && !code.includes(`'${key}'`),
    );
    expect(unused).toEqual([]);
  });
});

describe('format', () => {
  it('fills named placeholders and leaves unknown ones as they are', () => {
    expect(format('已创建工单 {no}（草稿）', { no: 'WO-1' })).toBe('已创建工单 WO-1（草稿）');
    expect(format('第 {page} 页 · 本页 {count} 条', { page: 2 })).toBe('第 2 页 · 本页 {count} 条');
  });
});
