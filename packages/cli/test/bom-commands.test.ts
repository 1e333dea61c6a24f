import { join } from 'node:path';
import { compileBom } from '@shopfloor/bom-engine';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import {
  displayWidth,
  documentTables,
  runCli,
  TABLE_BOM,
  tempFolder,
  writeCsvFiles,
  writeJson,
  writeXlsx,
} from './helpers.js';

const DATE = '2026-07-01';
const engine = compileBom(TABLE_BOM);

/** The same BOM in each supported format. */
async function tableBomFiles(): Promise<Record<'json' | 'csv' | 'xlsx', string>> {
  const folder = await tempFolder();
  const tables = documentTables(TABLE_BOM);
  await writeCsvFiles(folder, tables);
  return {
    json: await writeJson(folder, 'bom.json', TABLE_BOM),
    csv: join(folder, 'bomLines.csv'),
    xlsx: await writeXlsx(join(folder, 'bom.xlsx'), tables),
  };
}

/** Table body rows (after the title, header and rule) split on runs of two or more spaces. */
function tableRows(stdout: string, skip = 3): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .slice(skip)
    .map((line) => line.trim().split(/ {2,}/));
}

describe('shopfloor bom explode', () => {
  it.each(['json', 'csv', 'xlsx'] as const)(
    'prints the engine explosion as JSON from a %s file',
    async (format) => {
      const files = await tableBomFiles();
      const run = await runCli(
        'bom',
        'explode',
        files[format],
        '--item',
        'TABLE',
        '--qty',
        '10',
        '--date',
        DATE,
        '--json',
      );
      expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual(engine.explode({ item: 'TABLE', qty: 10, date: DATE }));
    },
  );

  it('prints one aligned table row per requirement with the item names', async () => {
    const { xlsx } = await tableBomFiles();
    const run = await runCli('bom', 'explode', xlsx, '--item', 'TABLE', '--qty', '10', '--date', DATE);
    expect(run.code).toBe(EXIT.ok);
    const expected = engine.explode({ item: 'TABLE', qty: 10, date: DATE }).requirements;
    expect(tableRows(run.stdout)).toEqual(
      expected.map((r) => [
        r.item,
        engine.itemInfo(r.item).name,
        String(r.qty),
        r.uom,
        r.type,
        String(r.lowLevelCode),
      ]),
    );
    const lines = run.stdout.trimEnd().split('\n').slice(1);
    expect(new Set(lines.slice(1).map(displayWidth)).size).toBe(1);
    expect(lines[0]).toMatch(/^Item 料号 +Name 名称 +Qty 数量 +UoM 单位 +Type 类型 +LLC 低层码$/);
  });

  it('streams the indented tree, one row per path, in the engine order', async () => {
    const { csv } = await tableBomFiles();
    const run = await runCli(
      'bom',
      'explode',
      csv,
      '--item',
      'TABLE',
      '--qty',
      '2',
      '--date',
      DATE,
      '--tree',
    );
    expect(run.code).toBe(EXIT.ok);
    const expected = [...engine.explodeTree({ item: 'TABLE', qty: 2, date: DATE })];
    expect(tableRows(run.stdout)).toEqual(
      expected.map((row) => [
        '.'.repeat(row.level) + row.level,
        row.item,
        String(row.qty),
        row.uom,
        row.type,
        engine.itemInfo(row.item).name,
      ]),
    );
  });

  it('prints the tree as JSON lines with --json, cut at --max-depth', async () => {
    const { json } = await tableBomFiles();
    const run = await runCli(
      'bom',
      'explode',
      json,
      '--item',
      'TABLE',
      '--qty',
      '2',
      '--date',
      DATE,
      '--tree',
      '--max-depth',
      '1',
      '--json',
    );
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([...engine.explodeTree({ item: 'TABLE', qty: 2, date: DATE, maxDepth: 1 })]);
    expect(rows.every((row) => row.level === 1)).toBe(true);
  });

  it('says so when an item has no components', async () => {
    const { json } = await tableBomFiles();
    const run = await runCli('bom', 'explode', json, '--item', 'SCREW', '--qty', '1', '--date', DATE);
    expect(run.stdout).toBe(`SCREW 螺丝 M6 × 1 pcs, effective ${DATE}: 0 components\n`);
  });
});

describe('shopfloor bom where-used', () => {
  it('prints the engine where-used as JSON', async () => {
    const { xlsx } = await tableBomFiles();
    const run = await runCli('bom', 'where-used', xlsx, '--item', 'SCREW', '--date', DATE, '--json');
    expect(JSON.parse(run.stdout)).toEqual(engine.whereUsed({ item: 'SCREW', date: DATE }));
  });

  it('lists every parent with its quantity per, direct and end-item flags', async () => {
    const { csv } = await tableBomFiles();
    const run = await runCli('bom', 'where-used', csv, '--item', 'WOOD', '--date', DATE);
    expect(run.code).toBe(EXIT.ok);
    const expected = engine.whereUsed({ item: 'WOOD', date: DATE }).usedIn;
    const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
    expect(tableRows(run.stdout)).toEqual(
      expected.map((u) => [
        u.item,
        engine.itemInfo(u.item).name,
        String(u.qtyPer),
        yesNo(u.direct),
        yesNo(u.endItem),
        yesNo(u.phantom === true),
      ]),
    );
  });

  it('lists a phantom kit holding the part, flagged in its own column', async () => {
    const { csv } = await tableBomFiles();
    const run = await runCli('bom', 'where-used', csv, '--item', 'SCREW', '--date', DATE);
    expect(run.code).toBe(EXIT.ok);
    const phantoms = engine
      .whereUsed({ item: 'SCREW', date: DATE })
      .usedIn.filter((u) => u.phantom)
      .map((u) => u.item);
    expect(phantoms.length).toBeGreaterThan(0);
    const rows = tableRows(run.stdout);
    expect(rows.filter((r) => r.at(-1) === 'yes').map((r) => r[0])).toEqual(phantoms);
    expect(rows.filter((r) => r.at(-1) === 'no').length).toBe(rows.length - phantoms.length);
  });
});

describe('shopfloor bom check', () => {
  const broken = {
    ...TABLE_BOM,
    bomLines: [
      ...TABLE_BOM.bomLines,
      { parent: 'TABLE', child: 'LEG', qty: -1 },
      { parent: 'TOP', child: 'GHOST', qty: 1 },
    ],
  };

  it('reports a clean BOM and exits 0', async () => {
    const { xlsx } = await tableBomFiles();
    const run = await runCli('bom', 'check', xlsx);
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toContain('7 BOM lines: 0 errors, 0 warnings');
  });

  it('lists every error with its sheet row and exits 1', async () => {
    const path = await writeXlsx(join(await tempFolder(), 'broken.xlsx'), documentTables(broken));
    const run = await runCli('bom', 'check', path);
    expect(run.code).toBe(EXIT.checkFailed);
    const problems = run.stdout.split('\n').filter((line) => line.startsWith('error'));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^error +sheet bomLines row 9: bomLines\[7\] TABLE > LEG: qty must be a positive number/,
    );
    expect(problems[1]).toMatch(/^error +sheet bomLines row 10: .*GHOST/);
  });

  it('gives counts and located issues with --json', async () => {
    const folder = await tempFolder();
    await writeCsvFiles(folder, documentTables(broken));
    const run = await runCli('bom', 'check', folder, '--json');
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ items: 6, lines: 9, errors: 2, warnings: 0 });
    expect(report.issues.map((issue: { location: string }) => issue.location)).toEqual([
      'bomLines.csv line 9',
      'bomLines.csv line 10',
    ]);
  });
});

describe('bad input', () => {
  const cases: [string, (files: Record<string, string>) => string[], RegExp][] = [
    [
      'a quantity that is not a number',
      (f) => ['bom', 'explode', f.json, '--item', 'TABLE', '--qty', 'abc'],
      /^error: --qty must be a positive number, got 'abc'$/,
    ],
    [
      'a zero quantity',
      (f) => ['bom', 'explode', f.json, '--item', 'TABLE', '--qty', '0'],
      /^error: --qty must be a positive number, got '0'$/,
    ],
    [
      'an impossible date',
      (f) => ['bom', 'where-used', f.json, '--item', 'SCREW', '--date', '2026-02-30'],
      /^error: --date must be a date YYYY-MM-DD, got '2026-02-30'$/,
    ],
    [
      'an unknown item',
      (f) => ['bom', 'explode', f.json, '--item', 'X', '--qty', '1'],
      /^error: unknown item 'X' \(not in .*bom\.json\)$/,
    ],
    [
      'a missing --item',
      (f) => ['bom', 'where-used', f.json],
      /^error: --item is required \(see 'shopfloor bom where-used --help'\)$/,
    ],
    [
      'an unknown option',
      (f) => ['bom', 'explode', f.json, '--itme', 'X'],
      /^error: unknown option '--itme' \(see 'shopfloor bom explode --help'\)$/,
    ],
    [
      'an unknown command',
      () => ['bom', 'explod'],
      /^error: unknown command 'explod' \(see 'shopfloor bom --help'\)$/,
    ],
    [
      '--max-depth without --tree',
      (f) => ['bom', 'explode', f.json, '--item', 'TABLE', '--qty', '1', '--max-depth', '2'],
      /^error: --max-depth needs --tree/,
    ],
    [
      'a missing file',
      () => ['bom', 'check', 'nowhere.xlsx'],
      /^error: cannot read nowhere\.xlsx: no such file or directory$/,
    ],
  ];

  it.each(cases)('rejects %s with exit 2 and one error line', async (_, argv, message) => {
    const run = await runCli(...argv(await tableBomFiles()));
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(message), '']);
  });

  it('names the cycle and stops', async () => {
    const cyclic = {
      ...TABLE_BOM,
      bomLines: [...TABLE_BOM.bomLines, { parent: 'WOOD', child: 'TABLE', qty: 1 }],
    };
    const path = await writeJson(await tempFolder(), 'cyclic.json', cyclic);
    const run = await runCli('bom', 'explode', path, '--item', 'TABLE', '--qty', '1');
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/^error: BOM cycle (\w+ > )+\w+\n$/);
  });

  it('points an engine error at its spreadsheet row and counts the other errors', async () => {
    const broken = {
      ...TABLE_BOM,
      bomLines: [
        ...TABLE_BOM.bomLines,
        { parent: 'TABLE', child: 'LEG', qty: -1 },
        { parent: 'TOP', child: 'GHOST', qty: 1 },
      ],
    };
    const path = await writeXlsx(join(await tempFolder(), 'broken.xlsx'), documentTables(broken));
    const run = await runCli('bom', 'explode', path, '--item', 'TABLE', '--qty', '1');
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(
      /^error: bomLines\[7\] TABLE > LEG: .* \(sheet bomLines row 9\); 1 more error, see 'shopfloor bom check .*broken\.xlsx'\n$/,
    );
  });
});

describe('shopfloor help and version', () => {
  it.each([[['--help']], [['bom', '--help']], [['bom', 'explode', '--help']], [[]]])(
    'prints usage for %j and exits 0',
    async (argv) => {
      const run = await runCli(...argv);
      expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: shopfloor/);
    },
  );

  it('prints the package version', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(await runCli('--version')).toEqual({ code: EXIT.ok, stdout: `${version}\n`, stderr: '' });
  });
});
