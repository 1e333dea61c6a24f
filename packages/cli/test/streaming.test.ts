import { Writable } from 'node:stream';
import type { BomDocument } from '@shopfloor/bom-engine';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { main } from '../src/main.js';
import { MemoryStream, tempFolder, writeJson } from './helpers.js';

/** Every level uses two of the level below it: 2^depth tree rows at the bottom level. */
function binaryBom(depth: number): BomDocument {
  const code = (level: number) => `L${level}`;
  return {
    items: Array.from({ length: depth + 1 }, (_, level) => ({
      code: code(level),
      uom: 'pcs',
      type: level === depth ? 'buy' : 'make',
    })),
    bomLines: Array.from({ length: depth }, (_, level) => [
      { parent: code(level), child: code(level + 1), qty: 1 },
      { parent: code(level), child: code(level + 1), qty: 2, effectiveFrom: '2000-01-01' },
    ]).flat(),
  };
}

/** A reader that takes `limit` bytes and then goes away, like `| head`. */
class ClosingReader extends Writable {
  received = 0;
  constructor(private readonly limit: number) {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.received += chunk.length;
    if (this.received < this.limit) return void setImmediate(done);
    done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  }
}

/** Records the size of every chunk it is handed. */
class ChunkRecorder extends MemoryStream {
  chunks: number[] = [];
  override _write(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.length);
    setImmediate(() => super._write(chunk, encoding, done));
  }
}

describe('explode --tree streaming', () => {
  it('writes a large tree in bounded chunks, every row arriving', async () => {
    const path = await writeJson(await tempFolder(), 'deep.json', binaryBom(13));
    const stdout = new ChunkRecorder({ highWaterMark: 4096 });
    const stderr = new MemoryStream();
    const code = await main(
      ['bom', 'explode', path, '--item', 'L0', '--qty', '1', '--date', '2026-07-01', '--tree', '--json'],
      { stdout, stderr },
    );
    expect(code).toBe(EXIT.ok);
    const rows = stdout.text.trimEnd().split('\n');
    const expectedRows = 2 ** 14 - 2;
    expect(rows).toHaveLength(expectedRows);
    expect(stdout.chunks.length).toBeGreaterThan(10);
    expect(Math.max(...stdout.chunks)).toBeLessThan(70 * 1024);
  });

  it('stops quietly with exit 0 when the reader goes away', async () => {
    const path = await writeJson(await tempFolder(), 'deep.json', binaryBom(16));
    const stdout = new ClosingReader(200_000);
    const stderr = new MemoryStream();
    const code = await main(
      ['bom', 'explode', path, '--item', 'L0', '--qty', '1', '--date', '2026-07-01', '--tree'],
      { stdout, stderr },
    );
    expect(code).toBe(EXIT.ok);
    expect(stderr.text).toBe('');
    expect(stdout.received).toBeLessThan(400_000);
  });
});
