import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { requestHeader } from './request-header.js';

/**
 * A read's answer as sent: the JSON as UTF-8 bytes and its ETag, both made once however many callers
 * there are (a hit neither serializes nor encodes: the server writes the bytes as they are).
 */
export interface SharedAnswer {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

export interface SharedAnswerCacheOptions {
  /** How long an answer is served after its read began. */
  ttlMs: number;
  maxEntries: number;
  /** Bound on the bytes of JSON kept. */
  maxBytes: number;
  /** Milliseconds; the app's clock, so tests move time by hand. */
  now: () => number;
}

interface Kept {
  answer: SharedAnswer;
  at: number;
  bytes: number;
}

/**
 * Answers of one read shared by every caller who asks the same thing within `ttlMs`: identical
 * requests in flight share one computation (single-flight), and the answer is kept, serialized,
 * until it expires or the bounds push it out (oldest first). Errors are never kept. The key must
 * hold everything the answer depends on: the cache cannot tell two callers apart by itself.
 */
export class SharedAnswerCache {
  private readonly kept = new Map<string, Kept>();
  private readonly inFlight = new Map<string, Promise<SharedAnswer>>();
  private bytes = 0;

  constructor(private readonly options: SharedAnswerCacheOptions) {}

  /** The kept answer for `key`, the one being computed, or a new computation of `compute`. */
  answer(key: string, compute: () => Promise<unknown>): Promise<SharedAnswer> {
    const now = this.options.now();
    const kept = this.kept.get(key);
    if (kept) {
      if (this.fresh(kept, now)) return Promise.resolve(kept.answer);
      this.drop(key);
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = (async () => {
      const body = Buffer.from(JSON.stringify(await compute()));
      const answer: SharedAnswer = { body, etag: etagOf(body) };
      this.keep(key, { answer, at: now, bytes: body.byteLength });
      return answer;
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** Entries kept (expired ones included until they are swept), for tests and health. */
  get size(): number {
    return this.kept.size;
  }

  get keptBytes(): number {
    return this.bytes;
  }

  // A clock set back makes an entry's age negative: treated as stale, not as fresh for longer.
  private fresh(kept: Kept, now: number): boolean {
    const age = now - kept.at;
    return age >= 0 && age < this.options.ttlMs;
  }

  private keep(key: string, entry: Kept): void {
    this.drop(key);
    // A TTL of 0 shares only reads in flight: nothing is kept.
    if (this.options.ttlMs <= 0 || entry.bytes > this.options.maxBytes) return;
    this.kept.set(key, entry);
    this.bytes += entry.bytes;
    const now = this.options.now();
    // Insertion order is the eviction order: expired entries first, then the oldest over a bound.
    for (const [oldKey, old] of this.kept) {
      const over = this.kept.size > this.options.maxEntries || this.bytes > this.options.maxBytes;
      if (!over && this.fresh(old, now)) break;
      this.drop(oldKey);
    }
  }

  private drop(key: string): void {
    const old = this.kept.get(key);
    if (!old) return;
    this.kept.delete(key);
    this.bytes -= old.bytes;
  }
}

/** A strong ETag: the hash of the exact bytes sent (no compression in between). */
export function etagOf(body: Uint8Array | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** True when If-None-Match names this ETag (weak or strong, in a list) or is `*`. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * The answer as a response: 304 without a body when the caller already has it, 200 with the kept
 * JSON otherwise. `private, no-cache`: a browser may keep it but asks again each time (the ETag
 * makes that cheap); no shared cache may hand one caller's answer to another.
 */
export function sendSharedAnswer(c: Context, answer: SharedAnswer): Response {
  const headers = { ETag: answer.etag, 'Cache-Control': 'private, no-cache' };
  if (notModified(requestHeader(c, 'if-none-match'), answer.etag)) return c.body(null, 304, headers);
  return c.body(answer.body, 200, { ...headers, 'Content-Type': 'application/json' });
}
