import { ShopfloorError } from '../errors/index.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { compareEntries, isDeadLetter, loadEntries, removeEntry, saveEntry } from './entry-store.js';
import { classifyFailure, describeFailure, type FailureOutcome, wasAccepted } from './failure.js';
import { canonicalJson, deepFreeze } from './json.js';
import { Lanes } from './lanes.js';
import { OutboxError } from './outbox-error.js';
import { StateStore } from './state-store.js';
import { createTriggers } from './triggers.js';
import type { DeadLetter, FlushResult, Outbox, OutboxCommand, OutboxEntry, OutboxOptions } from './types.js';
import { randomUuid } from './uuid.js';

const METHODS = new Set(['POST', 'PUT', 'DELETE']);

/**
 * The offline outbox: captured commands are stored before `enqueue` resolves, delivered with the
 * idempotency key they got at capture, in capture order per order key, until the server accepts
 * them (removed) or rejects them for good (dead letters). See docs/outbox.md.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { client, storage } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const online = options.online ?? (() => true);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const intervalMs = options.intervalMs ?? 30_000;
  const uuid = options.uuid ?? randomUuid;
  // A command captured by one user goes out only while that user is signed in (shared phones).
  const deliverable = (entry: OutboxEntry) =>
    entry.owner === undefined || options.owner === undefined || entry.owner === options.owner();

  const lanes = new Lanes();
  const dead = new Map<string, DeadLetter>();
  const state = new StateStore();
  let nextSeq = 1;
  let loading: Promise<void> | undefined;
  let running: Promise<FlushResult> | undefined;
  let rerun = false;
  let forceRerun = false;

  const isoNow = () => new Date(now()).toISOString();
  const publishPending = () => state.update({ pending: lanes.size });
  const publishDead = () => state.update({ deadLetters: [...dead.values()].sort(compareEntries) });

  function ready(): Promise<void> {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // the next call tries again
      state.update({ lastError: describeFailure(error, isoNow()) });
      throw error;
    });
    return loading;
  }

  async function load(): Promise<void> {
    const { entries, unreadable } = await loadEntries(storage);
    for (const entry of entries) {
      deepFreeze(entry);
      if (isDeadLetter(entry)) dead.set(entry.id, entry);
      else lanes.add(entry);
      nextSeq = Math.max(nextSeq, entry.seq + 1);
    }
    publishPending();
    publishDead();
    if (unreadable.length > 0) {
      const message = `Left ${unreadable.length} unreadable outbox entries in storage: ${unreadable.join(', ')}`;
      state.update({ lastError: { name: 'OutboxError', message, at: isoNow() } });
    }
  }

  async function enqueue(command: OutboxCommand): Promise<OutboxEntry> {
    assertValidCommand(command);
    await ready();
    const entry: OutboxEntry = {
      kind: command.kind,
      method: command.method,
      path: command.path,
      body: command.body,
      orderKey: command.orderKey,
      label: command.label,
      owner: command.owner,
      id: uuid(),
      seq: nextSeq++,
      idempotencyKey: uuid(),
      capturedAt: isoNow(),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    };
    const stored = deepFreeze(await saveEntry(storage, entry));
    lanes.add(stored);
    publishPending();
    if (triggers.started) triggers.kick(false);
    return stored;
  }

  function flush(force = false): Promise<FlushResult> {
    if (running) {
      // A caller may have added work the current pass has already looked past: one more pass.
      rerun = true;
      forceRerun ||= force;
      return running;
    }
    running = (async () => {
      const result: FlushResult = { sent: 0, retried: 0, deadLettered: 0, pending: 0 };
      state.update({ sending: true });
      try {
        let forcePass = force;
        do {
          rerun = false;
          await runPass(forcePass, result);
          forcePass = forceRerun;
          forceRerun = false;
        } while (rerun);
      } finally {
        running = undefined;
        state.update({ sending: false });
      }
      result.pending = lanes.size;
      return result;
    })();
    return running;
  }

  async function runPass(force: boolean, result: FlushResult): Promise<void> {
    await ready();
    if (!online()) return;
    if (force) lanes.makeAllDue();
    const busy = new Map<string, Promise<void>>();
    let paused = false;
    for (;;) {
      if (!paused) {
        for (const head of lanes.dueHeads(now(), busy, deliverable)) {
          if (busy.size >= concurrency) break;
          const lane = Lanes.laneOf(head);
          const delivery = deliver(head, result).then((outcome) => {
            if (outcome === 'pause') paused = true;
            busy.delete(lane);
          });
          busy.set(lane, delivery);
        }
      }
      if (busy.size === 0) return;
      await Promise.race(busy.values());
    }
  }

  async function deliver(entry: OutboxEntry, result: FlushResult): Promise<FailureOutcome | 'sent'> {
    let failure: { error: unknown } | undefined;
    try {
      const { method, path, body, idempotencyKey } = entry;
      await client.request({ method, path, body, idempotencyKey, retry: false });
    } catch (error) {
      if (!wasAccepted(error)) failure = { error };
    }
    try {
      if (!failure) {
        await removeEntry(storage, entry);
        lanes.remove(entry);
        result.sent++;
        state.update({ pending: lanes.size, lastSentAt: isoNow(), lastError: null });
        return 'sent';
      }
      const reason = describeFailure(failure.error, isoNow());
      const outcome = classifyFailure(failure.error, online);
      const attempts = entry.attempts + 1;
      if (outcome === 'dead') {
        const letter = deepFreeze(
          await saveEntry(storage, { ...entry, attempts, lastError: reason, reason }),
        );
        lanes.remove(entry);
        dead.set(letter.id, letter);
        result.deadLettered++;
        publishPending();
        publishDead();
        state.update({ lastError: reason });
        return outcome;
      }
      const retryAfterMs = failure.error instanceof ShopfloorError ? failure.error.retryAfterMs : undefined;
      const nextAttemptAt = now() + backoffDelay(attempts, backoff, random(), retryAfterMs);
      lanes.replace(
        deepFreeze(await saveEntry(storage, { ...entry, attempts, nextAttemptAt, lastError: reason })),
      );
      result.retried++;
      state.update({ lastError: reason });
      return outcome;
    } catch (storageError) {
      // Storage refused the write: the stored copy is still valid (at worst it is sent again with
      // the same key); back off in memory and stop this pass.
      const nextAttemptAt = now() + backoffDelay(entry.attempts + 1, backoff, random());
      lanes.replace(deepFreeze({ ...entry, nextAttemptAt }));
      state.update({ lastError: describeFailure(storageError, isoNow()) });
      return 'pause';
    }
  }

  async function resend(id: string, newBody?: unknown): Promise<OutboxEntry> {
    await ready();
    const letter = takeDeadLetter(id);
    const { reason: _reason, ...entry } = letter;
    const corrected = newBody !== undefined && canonicalJson(newBody) !== canonicalJson(letter.body);
    const requeued: OutboxEntry = {
      ...entry,
      body: corrected ? newBody : letter.body,
      // The same key for the same body (the server may have seen it); a new body is a new request.
      idempotencyKey: corrected ? uuid() : letter.idempotencyKey,
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    };
    let stored: OutboxEntry;
    try {
      stored = deepFreeze(await saveEntry(storage, requeued));
    } catch (error) {
      dead.set(id, letter);
      throw error;
    }
    lanes.add(stored);
    publishPending();
    publishDead();
    if (triggers.started) triggers.kick(false);
    return stored;
  }

  async function discard(id: string): Promise<void> {
    await ready();
    const letter = takeDeadLetter(id);
    try {
      await removeEntry(storage, letter);
    } catch (error) {
      dead.set(id, letter);
      throw error;
    }
    publishDead();
  }

  /** Removed from the map synchronously, so two concurrent resend/discard calls cannot both act. */
  function takeDeadLetter(id: string): DeadLetter {
    const letter = dead.get(id);
    if (!letter) throw new OutboxError('UNKNOWN_DEAD_LETTER', `No dead letter with id ${id}`);
    dead.delete(id);
    return letter;
  }

  const triggers = createTriggers({
    flush: (force) =>
      flush(force).then(
        () => undefined,
        () => undefined, // the failure is in state.lastError; the timer tries again
      ),
    nextDelay() {
      const dueAt = lanes.nextDueAt(deliverable);
      if (dueAt === undefined || !online()) return intervalMs;
      return Math.min(intervalMs, Math.max(backoff.baseMs, dueAt - now()));
    },
  });

  void ready().catch(() => undefined); // load early so the UI sees stored counts; errors are in state

  return {
    enqueue,
    flush: (flushOptions) => flush(flushOptions?.ignoreBackoff ?? false),
    resend,
    discard,
    list: async () => {
      await ready();
      return lanes.all();
    },
    start: () => triggers.start(),
    stop: () => triggers.stop(),
    notifyOnline: () => triggers.kick(true),
    notifyShow: () => triggers.kick(true),
    getState: () => state.get(),
    subscribe: (listener) => state.subscribe(listener),
    ready,
  };
}

function assertValidCommand(command: OutboxCommand): void {
  const problems: string[] = [];
  if (typeof command.kind !== 'string' || command.kind === '')
    problems.push('kind must be a non-empty string');
  if (!METHODS.has(command.method))
    problems.push(`method must be POST, PUT or DELETE, got ${command.method}`);
  if (typeof command.path !== 'string' || !command.path.startsWith('/')) {
    problems.push(`path must start with "/", got ${String(command.path)}`);
  }
  if (command.orderKey !== undefined && typeof command.orderKey !== 'string') {
    problems.push('orderKey must be a string');
  }
  if (command.owner !== undefined && (typeof command.owner !== 'string' || command.owner === '')) {
    problems.push('owner must be a non-empty string');
  }
  try {
    JSON.stringify(command.body);
  } catch (error) {
    problems.push(`body must be JSON-serialisable: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new OutboxError('BAD_COMMAND', `Bad outbox command: ${problems.join('; ')}`);
}
