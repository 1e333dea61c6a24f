import { join } from 'node:path';
import { diff } from '@shopfloor/bom-engine';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import {
  documentTables,
  runCli,
  TABLE_BOM,
  tempFolder,
  writeCsvFiles,
  writeJson,
  writeXlsx,
} from './helpers.js';

/** Engineering change: thicker legs, the kit's screws replaced by dowels, a new dowel item. */
const changed = {
  ...TABLE_BOM,
  items: [
    ...TABLE_BOM.items.map((item) => (item.code === 'LEG' ? { ...item, leadTime: 12 } : item)),
    { code: 'DOWEL', name: '木销', uom: 'pcs', type: 'buy' as const },
  ],
  bomLines: [
    ...TABLE_BOM.bomLines
      .filter((line) => !(line.parent === 'KIT' && line.child === 'SCREW'))
      .map((line) => (line.child === 'WOOD' && line.parent === 'LEG' ? { ...line, qty: 760 } : line)),
    { parent: 'KIT', child: 'DOWEL', qty: 8 },
  ],
};

describe('shopfloor bom diff', () => {
  it('prints the engine diff as JSON, across file formats', async () => {
    const folder = await tempFolder();
    const before = await writeJson(folder, 'before.json', TABLE_BOM);
    const after = await writeXlsx(join(folder, 'after.xlsx'), documentTables(changed));
    const run = await runCli('bom', 'diff', before, after, '--json');
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(JSON.stringify(diff(TABLE_BOM, JSON.parse(JSON.stringify(changed))))),
    );
  });

  it('lists additions, removals and field changes with before → after and their rows', async () => {
    const folder = await tempFolder();
    const before = await writeJson(folder, 'before.json', TABLE_BOM);
    await writeCsvFiles(folder, documentTables(changed));
    const run = await runCli('bom', 'diff', before, join(folder, 'bomLines.csv'));
    expect(run.code).toBe(EXIT.ok);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('Items: 1 added, 0 removed, 1 changed');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}\+ DOWEL 木销: uom pcs, type buy \(after: items\.csv line 8\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}~ LEG: leadTime 0 → 12 /));
    expect(lines).toContain('BOM lines: 1 added, 1 removed, 1 changed');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}- KIT > SCREW: qty 8 \(before: bomLines\[3\]\)$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}~ LEG > WOOD: qty 720 → 760 \(after: bomLines\.csv line \d+\)$/),
    );
  });

  it('reports no changes between a file and its copy in another format', async () => {
    const folder = await tempFolder();
    const before = await writeJson(folder, 'bom.json', TABLE_BOM);
    const after = await writeXlsx(join(folder, 'bom.xlsx'), documentTables(TABLE_BOM));
    const run = await runCli('bom', 'diff', before, after);
    expect(run.stdout).toContain(
      'Items: 0 added, 0 removed, 0 changed\nBOM lines: 0 added, 0 removed, 0 changed\n',
    );
  });

  it('needs two files', async () => {
    const run = await runCli('bom', 'diff', 'only-one.json');
    expect(run).toMatchObject({
      code: EXIT.badInput,
      stderr: "error: missing <after> (see 'shopfloor bom diff --help')\n",
    });
  });
});
