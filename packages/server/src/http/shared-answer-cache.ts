import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Context } from 'hono';
import { requestHeader } from './request-header.js';

/**
 * A read's answer as sent: the JSON as UTF-8 bytes and its ETag, both made once however many callers
 * there are (a hit neither serializes nor encodes: the server writes the bytes as they are).
 */
export interface SharedAnswer {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  /**
   * The same bytes gzipped, made once with the answer (off the event loop, zlib's thread pool): a
   * board at a year is 0.53 MB of JSON and 36 kB gzipped, over a plant's Wi-Fi every 30 s. Null for
   * small answers, where the header costs more than it saves.
   */
  readonly gzip: Uint8Array<ArrayBuffer> | null;
}

const gzipAsync = promisify(gzipCallback);
/** Below this many bytes an answer is sent as it is. */
export const GZIP_MIN_BYTES = 1024;

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
      const gzip = body.byteLength >= GZIP_MIN_BYTES ? new Uint8Array(await gzipAsync(body)) : null;
      const answer: SharedAnswer = { body, etag: etagOf(body), gzip };
      this.keep(key, { answer, at: now, bytes: body.byteLength + (gzip?.byteLength ?? 0) });
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

/** The gzipped representation's strong ETag: another representation, another tag (RFC 9110 8.8.3). */
export const gzipEtagOf = (etag: string): string => `${etag.slice(0, -1)}-gzip"`;

/**
 * True when If-None-Match names this ETag or its gzipped twin (weak or strong, in a list) or is
 * `*`: both stand for the same content, so a caller holding either needs nothing new.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const gzipped = gzipEtagOf(etag);
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag || t === gzipped;
  });
}

/** Whether Accept-Encoding takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The answer as a response: 304 without a body when the caller already has it, 200 with the kept
 * JSON otherwise. `private, no-cache`: a browser may keep it but asks again each time (the ETag
 * makes that cheap); no shared cache may hand one caller's answer to another.
 */
export function sendSharedAnswer(c: Context, answer: SharedAnswer): Response {
  const gzip = answer.gzip !== null && acceptsGzip(requestHeader(c, 'accept-encoding'));
  const headers = {
    ETag: gzip ? gzipEtagOf(answer.etag) : answer.etag,
    'Cache-Control': 'private, no-cache',
    Vary: 'Accept-Encoding',
  };
  if (notModified(requestHeader(c, 'if-none-match'), answer.etag)) return c.body(null, 304, headers);
  if (gzip)
    return c.body(answer.gzip, 200, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
  return c.body(answer.body, 200, { ...headers, 'Content-Type': 'application/json' });
}
