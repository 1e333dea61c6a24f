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
 * statement, `pg_current_snapshot()`) sees exactly the transactions finished that the read's saw:
 * then every table reads the same, whichever wrote it (a report, a status, an issue, a BOM revision,
 * a name) and whichever replica or process it came through. Any write anywhere in the database
 * (of any table, by anyone: a worker's too) makes the next home read again. Time is the other
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
  /** The horizons (epoch ms, now + 7 days) it holds for: from ≤ horizon < until. */
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
 * Whether two snapshots see the same data: the same transactions finished (committed or aborted)
 * in both. A transaction is finished in a snapshot when it is below xmax and not running (xip).
 * Transactions started between the two (the earlier one's xmax up to the later one's) must all
 * still run in the later one, and those running below the earlier one's xmax must be the same.
 * Conservative: a subtransaction's id (not in xip) counts as finished, a read again.
 */
export function sameData(a: Snapshot, b: Snapshot): boolean {
  const [early, late] = a.xmax <= b.xmax ? [a, b] : [b, a];
  if (late.xmax - early.xmax > BigInt(late.xip.length)) return false;
  const running = new Set(late.xip);
  for (let x = early.xmax; x < late.xmax; x++) if (!running.has(x)) return false;
  const below = late.xip.filter((x) => x < early.xmax);
  return below.length === early.xip.length && below.every((x, i) => x === early.xip[i]);
}

const SNAPSHOT = CompiledQuery.raw('select pg_current_snapshot()::text as snapshot');

/** The snapshot a statement now sees (no parameters: one simple-protocol round trip). */
export async function currentSnapshot(db: Db): Promise<Snapshot> {
  const { rows } = await db.executeQuery<{ snapshot: string }>(SNAPSHOT);
  return parseSnapshot(rows[0]!.snapshot);
}

/** A read made ready to send: its JSON and gzip made once, however many callers it goes to. */
interface Kept {
  answer: SharedAnswer;
  snapshot: Snapshot | null;
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
    if (this.kept.has(key) || this.inFlight.has(key)) {
      const now = await currentSnapshot(db);
      const kept = this.kept.get(key);
      if (kept && holds(kept, now, horizon)) return this.shared(kept);
      const flight = this.inFlight.get(key);
      if (flight) {
        const other = await flight.catch(() => null);
        if (other && holds(other, now, horizon)) return this.shared(other);
      }
    }
    const reading = read().then(
      async ({ page, snapshot, from, until }): Promise<Kept> => ({
        answer: await encodePage(page),
        snapshot: snapshot === null ? null : parseSnapshot(snapshot),
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

function holds(kept: Kept, now: Snapshot, horizon: number): boolean {
  return (
    kept.snapshot !== null && kept.from <= horizon && horizon < kept.until && sameData(kept.snapshot, now)
  );
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
