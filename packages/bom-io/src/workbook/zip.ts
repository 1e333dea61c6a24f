import { crc32, inflateRawSync } from 'node:zlib';

/**
 * An .xlsx is a zip. Before any of it is inflated, its central directory is read and the sizes it
 * declares are added up: past the cap the file is refused (a zip bomb declares little and inflates
 * to gigabytes, or declares gigabytes outright). Each entry is then inflated with its declared size
 * as the hard output limit, so a directory that lies is caught too, without the memory it asks for.
 */
export interface ZipLimits {
  /** Sum of the declared uncompressed sizes. */
  maxUncompressedBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 200 * 1024 * 1024, maxEntries: 2_000 };

/** The bytes are not a workbook that may be opened: `tooLarge` answers 413, the rest 400. */
export class WorkbookFileError extends Error {
  constructor(
    readonly reason: 'not-xlsx' | 'corrupt' | 'too-large',
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'WorkbookFileError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const corrupt = (detail: string) =>
  new WorkbookFileError('corrupt', `文件已损坏，无法读取（${detail}）`, `the file is damaged (${detail})`);

/** The entries of a zip, inflated, by name; refuses what is not a zip or would inflate past the limits. */
export function unzipGuarded(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Buffer> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length >= 8 && data.subarray(0, 8).equals(OLE)) {
    throw new WorkbookFileError(
      'not-xlsx',
      '这是旧版 .xls 文件或设置了打开密码的文件：请在 Excel 中“另存为” .xlsx（不设密码）后再上传',
      'this is an old .xls file or a password-protected workbook: save it as .xlsx without a password',
    );
  }
  if (data.length < 22 || data.readUInt32LE(0) !== LOCAL) {
    throw new WorkbookFileError(
      'not-xlsx',
      '不是 Excel .xlsx 文件：请上传用 Excel 或 WPS 保存的 .xlsx 工作簿',
      'not an .xlsx workbook: upload a workbook saved by Excel or WPS as .xlsx',
    );
  }
  const end = findEndOfDirectory(data);
  const count = data.readUInt16LE(end + 10);
  const size = data.readUInt32LE(end + 12);
  const offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw new WorkbookFileError(
      'too-large',
      '工作簿使用了 ZIP64 格式（超大文件），不能导入',
      'the workbook is a ZIP64 archive (very large): not accepted',
    );
  }
  if (count > limits.maxEntries) {
    throw new WorkbookFileError(
      'too-large',
      `工作簿包含 ${count} 个部件，超过上限 ${limits.maxEntries}`,
      `the workbook has ${count} parts, more than ${limits.maxEntries}`,
    );
  }
  if (offset + size > end) throw corrupt('central directory out of bounds');

  interface Entry {
    name: string;
    method: number;
    crc: number;
    compressed: number;
    uncompressed: number;
    local: number;
  }
  const entries: Entry[] = [];
  let declared = 0;
  for (let at = offset, i = 0; i < count; i++) {
    if (at + 46 > end || data.readUInt32LE(at) !== CENTRAL) throw corrupt('bad central directory entry');
    const flags = data.readUInt16LE(at + 8);
    const nameLength = data.readUInt16LE(at + 28);
    const entry: Entry = {
      method: data.readUInt16LE(at + 10),
      crc: data.readUInt32LE(at + 16),
      compressed: data.readUInt32LE(at + 20),
      uncompressed: data.readUInt32LE(at + 24),
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      local: data.readUInt32LE(at + 42),
    };
    if (flags & 1) {
      throw new WorkbookFileError(
        'not-xlsx',
        '工作簿已加密：请取消密码后再上传',
        'the workbook is encrypted: remove the password first',
      );
    }
    if (entry.method !== 0 && entry.method !== 8) throw corrupt(`unsupported compression ${entry.method}`);
    declared += entry.uncompressed;
    if (declared > limits.maxUncompressedBytes) {
      throw new WorkbookFileError(
        'too-large',
        `工作簿解压后超过 ${mb(limits.maxUncompressedBytes)}（疑似压缩炸弹）：请拆分后分批导入`,
        `the workbook inflates to more than ${mb(limits.maxUncompressedBytes)} (a zip bomb?): split it into smaller workbooks`,
      );
    }
    entries.push(entry);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }

  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const at = entry.local;
    if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL)
      throw corrupt(`bad local header of ${entry.name}`);
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const raw = data.subarray(start, start + entry.compressed);
    if (raw.length !== entry.compressed) throw corrupt(`${entry.name} is cut short`);
    let content: Buffer;
    if (entry.method === 0) content = raw;
    else {
      try {
        // One byte of room: inflating past the declared size is how a lying directory shows.
        content = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressed + 1) });
      } catch (error) {
        const overflow =
          error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
        throw overflow ? lyingSize(entry.name) : corrupt(`${entry.name} cannot be inflated`);
      }
    }
    if (content.length !== entry.uncompressed) throw lyingSize(entry.name);
    // exceljs does not check: a damaged part would be read as whatever it inflates to.
    if (crc32(content) !== entry.crc) throw corrupt(`${entry.name} fails its checksum`);
    files.set(entry.name, content);
  }
  return files;
}

function lyingSize(name: string): WorkbookFileError {
  return new WorkbookFileError(
    'too-large',
    `工作簿部件 ${name} 的实际大小与声明不符（疑似压缩炸弹）`,
    `part ${name} inflates to another size than it declares (a zip bomb?)`,
  );
}

function findEndOfDirectory(data: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const stop = Math.max(0, data.length - 22 - 0xffff);
  for (let at = data.length - 22; at >= stop; at--) {
    if (data.readUInt32LE(at) === EOCD) return at;
  }
  throw corrupt('no zip directory');
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A zip of the given files, stored (not compressed): for handing checked parts on to exceljs. */
export function storeZip(files: ReadonlyMap<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, content);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
