import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { WorkOrderPage } from '@shopfloor/sdk';
import { CompiledQuery } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { GZIP_MIN_BYTES, type SharedAnswer } from '../../http/shared-answer-cache.js';

/**
 * Home answers (`view=home`) shared by the callers who ask the same while the database holds the
 * same data. Not for a while, as the board's: an operator who just reported and returns home must
 * see his report. A kept answer is sent only when a snapshot taken for the request (one cheap
 * statement, `pg_current_snapshot()`) sees no transaction finished since the read's snapshot but
 * rolled-back ones: then every table reads the same, whichever wrote it (a report, a status, an
 * issue, a BOM revision, a name) and whichever replica or process it came through. Any committed
 * write anywhere in the database cluster (any table, anyone: a worker's too; transaction ids are the
 * cluster's) makes the next home read again. Time is the other
 * input: `today` is in the key, and the 7-day horizon moves on every request, so an answer holds
 * only while no operation's planned start crosses it (HomeRead.from / until).
 * docs/work-orders.md "The home view" and docs/scale.md "Home under 20 users" say why.
 */

/** A home answer as read, with what it holds for. */
export interface HomeRead {
  page: WorkOrderPage;
  /**
   * The snapshot of the read's first statement, when its last statement saw the same data (so
   * every statement between did too); null when not (a commit came between) or nothing was read:
   * not kept then.
   */
  snapshot: string | null;
  /**
   * The horizons (epoch ms, now + 7 days) it holds for: from ≤ horizon < until. The listing takes a
   * start before the horizon's next millisecond, so a start cut to the millisecond is listed exactly
   * when it is ≤ the horizon (work-order-store.ts homeListing).
   */
  from: number;
  until: number;
}

/** A transaction snapshot as pg_current_snapshot() shows it: `xmin:xmax:xip,…`. */
export interface Snapshot {
  /** The first transaction not yet started when it was taken. */
  xmax: bigint;
  /** Transactions running when it was taken, ascending. */
  xip: bigint[];
}

export function parseSnapshot(text: string): Snapshot {
  const [, xmax, xip] = text.split(':');
  if (xmax === undefined) throw new Error(`not a snapshot: ${text}`);
  return {
    xmax: BigInt(xmax),
    xip: xip
      ? xip
          .split(',')
          .map(BigInt)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      : [],
  };
}

/**
 * Whether an answer read under `read` holds for a request under `request`, by the snapshots alone:
 * every transaction `request` sees finished (committed or aborted: below xmax, not running), `read`
 * saw finished too. The answer may be newer than the request's snapshot, never older.
 */
export function covers(read: Snapshot, request: Snapshot): boolean {
  if (request.xmax > read.xmax) {
    // Those started after `read` was taken must all still run for `request`.
    if (request.xmax - read.xmax > BigInt(request.xip.length)) return false;
    const running = new Set(request.xip);
    for (let x = read.xmax; x < request.xmax; x++) if (!running.has(x)) return false;
  }
  // Those running for `read` must still run (or not have started) for `request`.
  const running = new Set(request.xip);
  return read.xip.every((x) => x >= request.xmax || running.has(x));
}

/** Whether two snapshots see the same data: the same transactions finished in both. */
export function sameData(a: Snapshot, b: Snapshot): boolean {
  return covers(a, b) && covers(b, a);
}

/**
 * The request's snapshot, and whether an answer read under `$1` holds for it: every transaction it
 * sees finished that `$1` did not was rolled back (pg_xact_status: a rolled-back write changes no
 * data; the health check's write probe is one every tick). More than 1,000 transactions since: not
 * looked at, read again. `$1` null: nothing to check.
 */
const CHECK = `
  select pg_current_snapshot()::text as snapshot,
         case when $1::pg_snapshot is null
                or pg_snapshot_xmax(pg_current_snapshot())::text::bigint
                   - pg_snapshot_xmax($1::pg_snapshot)::text::bigint > 1000 then false
              else not exists (
                select 1
                from (select x from pg_snapshot_xip($1::pg_snapshot) as x
                      union all
                      select g::text::xid8
                      from generate_series(pg_snapshot_xmax($1::pg_snapshot)::text::bigint,
                                           pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1) as g) t
                where pg_visible_in_snapshot(t.x, pg_current_snapshot())
                  and pg_xact_status(t.x) is distinct from 'aborted')
         end as holds`;

/** The request's snapshot and whether the data `readUnder` (a snapshot's text) saw is still what it sees. */
export async function checkSnapshot(
  db: Db,
  readUnder: string | null,
): Promise<{ snapshot: Snapshot; holds: boolean }> {
  const { rows } = await db.executeQuery<{ snapshot: string; holds: boolean }>(
    CompiledQuery.raw(CHECK, [readUnder]),
  );
  return { snapshot: parseSnapshot(rows[0]!.snapshot), holds: rows[0]!.holds === true };
}

/** A read made ready to send: its JSON and gzip made once, however many callers it goes to. */
interface Kept {
  answer: SharedAnswer;
  snapshot: Snapshot | null;
  /** The snapshot as PostgreSQL wrote it: CHECK's parameter. */
  snapshotText: string | null;
  from: number;
  until: number;
}

const gzipAsync = promisify(gzipCallback);

/** The page as sent (http/shared-answer-cache.ts's form: sendSharedAnswer sends it, ETag and 304). */
export async function encodePage(page: WorkOrderPage): Promise<SharedAnswer> {
  const body = Buffer.from(JSON.stringify(page));
  const gzip = body.byteLength >= GZIP_MIN_BYTES ? new Uint8Array(await gzipAsync(body)) : null;
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, gzip };
}

/** Home answers kept at most (each ~20 kB of JSON: one a scope, status and workshop asked). */
export const HOME_ANSWERS_KEPT = 128;

export class HomeAnswers {
  private readonly kept = new Map<string, Kept>();
  private readonly inFlight = new Map<string, Promise<Kept>>();
  /** Counts for tests and measurements: answers sent from a read of their own, and shared. */
  readonly counts = { read: 0, shared: 0 };

  constructor(private readonly maxEntries = HOME_ANSWERS_KEPT) {}

  /**
   * The answer for `key` (everything the answer depends on besides the data and the horizon) at
   * `horizon`: a kept one, or the one being read for the same key, when it holds for a snapshot
   * taken after this request arrived; otherwise `read()`. With nothing kept or being read for the
   * key, it reads at once (no snapshot statement).
   */
  async answer(db: Db, key: string, horizon: number, read: () => Promise<HomeRead>): Promise<SharedAnswer> {
    const kept = this.kept.get(key);
    if (kept || this.inFlight.has(key)) {
      // One statement: this request's snapshot, and whether the kept answer's data is what it sees.
      const check = await checkSnapshot(db, kept && inTime(kept, horizon) ? kept.snapshotText : null);
      if (check.holds && kept) return this.shared(kept);
      const flight = this.inFlight.get(key);
      if (flight) {
        const other = await flight.catch(() => null);
        if (other?.snapshot && inTime(other, horizon) && covers(other.snapshot, check.snapshot))
          return this.shared(other);
      }
    }
    const reading = read().then(
      async ({ page, snapshot, from, until }): Promise<Kept> => ({
        answer: await encodePage(page),
        snapshot: snapshot === null ? null : parseSnapshot(snapshot),
        snapshotText: snapshot,
        from,
        until,
      }),
    );
    this.inFlight.set(key, reading);
    try {
      const fresh = await reading;
      this.counts.read += 1;
      if (fresh.snapshot !== null) {
        this.kept.delete(key);
        this.kept.set(key, fresh);
        if (this.kept.size > this.maxEntries) this.kept.delete(this.kept.keys().next().value!);
      }
      return fresh.answer;
    } finally {
      if (this.inFlight.get(key) === reading) this.inFlight.delete(key);
    }
  }

  /** Answers kept, for tests. */
  get size(): number {
    return this.kept.size;
  }

  private shared(kept: Kept): SharedAnswer {
    this.counts.shared += 1;
    return kept.answer;
  }
}

/** Whether no planned start lies between the horizon the answer was read at and `horizon`. */
function inTime(kept: Kept, horizon: number): boolean {
  return kept.from <= horizon && horizon < kept.until;
}

const answers = new WeakMap<AppDeps, HomeAnswers>();

/** The home answers of one app (its deps): each server process keeps its own. */
export function homeAnswers(deps: AppDeps): HomeAnswers {
  let kept = answers.get(deps);
  if (!kept) {
    kept = new HomeAnswers();
    answers.set(deps, kept);
  }
  return kept;
}
