import type { FieldError } from '../schemas/problem.js';
import type { KeyValueStorage } from '../storage/key-value-storage.js';

export type OutboxMethod = 'POST' | 'PUT' | 'DELETE';

/** What the app hands to the outbox: one state-changing request, to be delivered exactly once. */
export interface OutboxCommand {
  /** What it is, for the UI and logs; the outbox treats every kind alike. */
  kind: 'operation-report' | 'issue-request' | 'cycle-count' | (string & {});
  method: OutboxMethod;
  /** Relative to /api/v1, e.g. `/work-orders/WO-1/operations/10/reports`. */
  path: string;
  /** JSON-serialisable; copied at capture, so later changes to the caller's object do not leak in. */
  body?: unknown;
  /** Commands with the same key are delivered in capture order (e.g. the work order number). */
  orderKey?: string;
  /** A line for the UI ("WO-1 · 工序 10 · 5 pcs"). */
  label?: string;
  /**
   * Who captured it (a user id). With the outbox's `owner` option, it is sent only while that user
   * is signed in: on a shared phone, A's reports never go out under B's token.
   */
  owner?: string;
}

/** Why a delivery attempt failed, as the server (or the network) put it. */
export interface OutboxFailure {
  /** Error class name, e.g. `ValidationError`, `NetworkError`. */
  name: string;
  message: string;
  status?: number;
  /** problem+json fields when the server sent them. */
  type?: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  /** problem+json `params`: the values in `detail`, to word the refusal in the app's language. */
  params?: Record<string, string | number | null>;
  /** ISO time of the failure. */
  at: string;
}

/** A captured command as stored: identity and idempotency key are fixed at capture. */
export interface OutboxEntry extends OutboxCommand {
  id: string;
  /** Capture order; ties (never expected) break by id. */
  seq: number;
  /** UUID v4 sent as `Idempotency-Key` on every attempt. */
  idempotencyKey: string;
  capturedAt: string;
  /** Failed delivery attempts so far. */
  attempts: number;
  /** Epoch ms before which the entry is not retried (backoff). */
  nextAttemptAt: number;
  lastError: OutboxFailure | null;
}

/** A command the server rejected for good: kept until the user resends (maybe corrected) or discards it. */
export interface DeadLetter extends OutboxEntry {
  reason: OutboxFailure;
}

export interface OutboxState {
  /** Commands waiting for delivery (dead letters not included). */
  pending: number;
  /** A flush is running. */
  sending: boolean;
  /** The most recent failure; cleared by the next successful delivery. */
  lastError: OutboxFailure | null;
  /** In capture order. */
  deadLetters: readonly DeadLetter[];
  /** ISO time of the last successful delivery in this session. */
  lastSentAt: string | null;
}

export interface FlushResult {
  sent: number;
  /** Attempts that failed and will be retried after a backoff. */
  retried: number;
  deadLettered: number;
  /** Commands still waiting when the flush ended. */
  pending: number;
}

/** The one client method the outbox uses (the SDK's client satisfies it). */
export interface OutboxClient {
  request(options: {
    method: OutboxMethod;
    path: string;
    body?: unknown;
    idempotencyKey?: string;
    /** Always false: the outbox is the retry loop (with backoff that survives restarts). */
    retry?: boolean;
  }): Promise<unknown>;
}

export interface OutboxOptions {
  client: OutboxClient;
  storage: KeyValueStorage;
  /** Epoch ms; defaults to Date.now. */
  now?: () => number;
  /** In [0, 1), for backoff jitter; defaults to Math.random. */
  random?: () => number;
  /** Retry delay after the n-th failure: about baseMs·2^(n-1), capped at maxMs, with jitter. */
  backoff?: { baseMs: number; maxMs: number };
  /** When it returns false the outbox does not try to send (e.g. `platform.network.isOnline`). */
  online?: () => boolean;
  /** Commands of different order keys sent at the same time; default 4. */
  concurrency?: number;
  /** How often `start()`'s timer flushes when nothing is backing off; default 30 s. */
  intervalMs?: number;
  /** The signed-in user: commands with another `owner` wait until that user signs in again. */
  owner?: () => string | null | undefined;
  /** UUID v4 source for hosts without Web Crypto (some mini-program runtimes). */
  uuid?: () => string;
}

export interface Outbox {
  /** Stores the command with a fresh id and idempotency key; resolves once it is durable. */
  enqueue(command: OutboxCommand): Promise<OutboxEntry>;
  /**
   * Delivers every due command; concurrent calls share one run. `ignoreBackoff` retries waiting
   * commands now (what notifyOnline/notifyShow do; fit for a script's start).
   */
  flush(options?: { ignoreBackoff?: boolean }): Promise<FlushResult>;
  /** Puts a dead letter back in the queue; a changed body gets a new idempotency key. */
  resend(id: string, newBody?: unknown): Promise<OutboxEntry>;
  /** Drops a dead letter for good. */
  discard(id: string): Promise<void>;
  /** Pending commands in capture order. */
  list(): Promise<OutboxEntry[]>;
  /** Flushes on a timer and on the host's online/visibility events until `stop()`. */
  start(): void;
  stop(): void;
  /** The app calls these from its host's network and app-show events: retry now, backoff or not. */
  notifyOnline(): void;
  notifyShow(): void;
  /** Same object until something changes: fit for React's useSyncExternalStore. */
  getState(): OutboxState;
  subscribe(listener: () => void): () => void;
  /** Resolves once the entries stored by a previous session are loaded. */
  ready(): Promise<void>;
}
