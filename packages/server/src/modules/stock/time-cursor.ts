import { badRequest } from '../../http/problem.js';
import { decodeCursor } from '../../shared/cursor.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERIAL = /^\d{1,19}$/;
/** How timestamptz::text prints: '2026-11-25 01:00:00.123456+00'. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

/**
 * A (timestamp, id) keyset cursor for newest-first lists. Its parts are cast in SQL, so a cursor
 * that was tampered with must fail here as a 400, not there as a 500.
 */
export function decodeTimeCursor(cursor: string | undefined, id: 'uuid' | 'serial'): [string, string] | null {
  const key = decodeCursor(cursor, 2);
  if (key === null) return null;
  const [at, last] = key.map(String) as [string, string];
  const time = TIMESTAMP.exec(at);
  const valid = time !== null && !Number.isNaN(Date.parse(`${time[1]}T${time[2]}Z`));
  if (!valid || !(id === 'uuid' ? UUID : SERIAL).test(last)) {
    throw badRequest('cursor is not one this server gave out', [
      { path: 'query.cursor', message: 'invalid cursor' },
    ]);
  }
  return [at, last];
}
