import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in batches: one system call for 409 ids instead of one each. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = POOL_BYTES;

/**
 * A report's id: a UUID version 7 (RFC 9562), its first 48 bits the milliseconds of `at` since
 * 1970, then 74 random bits. Ids of reports made about the same time sort next to each other, so
 * the primary key of `operation_reports` takes each new id on the same few leaf pages. With random
 * ids (version 4) each report wrote its id into a random leaf of a million-id index: a page read
 * and, the first time a leaf changed after a checkpoint, its whole 8 kB in the WAL (about 45 % of
 * a report's WAL bytes at a year, docs/scale.md "CPU per report, 2026-12-06").
 * The id tells when the report was made, as its `reportedAt` does; nothing is ordered by it alone.
 */
export function newReportId(at: Date): string {
  if (used + 10 > POOL_BYTES) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    used = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  const ms = Math.min(Math.max(Math.floor(at.getTime()), 0), 2 ** 48 - 1);
  bytes.writeUIntBE(Number.isFinite(ms) ? ms : 0, 0, 6);
  pool.copy(bytes, 6, used, used + 10);
  used += 10;
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
