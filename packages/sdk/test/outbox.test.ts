import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  ConflictError,
  NetworkError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../src/errors/index.js';
import {
  backoffDelay,
  createOutbox,
  ENTRY_PREFIX,
  type OutboxClient,
  type OutboxCommand,
  OutboxError,
  type OutboxOptions,
} from '../src/outbox/index.js';
import { createMemoryStorage, type KeyValueStorage } from '../src/storage/index.js';

type Call = Parameters<OutboxClient['request']>[0];
type Respond = (call: Call, attempt: number) => unknown;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A client whose answers the test scripts; records every call it gets. */
function fakeClient(respond: Respond = () => ({ ok: true })) {
  const calls: Call[] = [];
  const attemptsByKey = new Map<string, number>();
  const client: OutboxClient = {
    async request(call) {
      calls.push(call);
      const attempt = (attemptsByKey.get(call.idempotencyKey ?? '') ?? 0) + 1;
      attemptsByKey.set(call.idempotencyKey ?? '', attempt);
      return respond(call, attempt);
    },
  };
  return { client, calls };
}

function report(workOrderNo: string, opSeq: number, goodQty = 5): OutboxCommand {
  return {
    kind: 'operation-report',
    method: 'POST',
    path: `/work-orders/${workOrderNo}/operations/${opSeq}/reports`,
    body: { goodQty, scrapQty: 0 },
    orderKey: workOrderNo,
    label: `${workOrderNo} · ${opSeq}`,
  };
}

function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function badRequest() {
  const problem = {
    type: 'https://shopfloor.dev/problems/validation',
    title: 'Bad input',
    status: 400,
    detail: 'goodQty must not be negative',
    errors: [{ path: 'goodQty', message: 'must be ≥ 0' }],
  };
  return new ValidationError('Bad input', { status: 400, problem });
}

function inFlight() {
  const problem = {
    type: 'https://shopfloor.dev/problems/idempotency-in-flight',
    title: 'In flight',
    status: 409,
  };
  return new ConflictError('In flight', { status: 409, problem });
}

function setup(respond?: Respond, options: Partial<OutboxOptions> = {}) {
  const storage = options.storage ?? createMemoryStorage();
  const { client, calls } = fakeClient(respond);
  let time = Date.parse('2026-07-01T08:00:00+08:00');
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const outbox = createOutbox({ client, storage, now: clock.now, random: () => 0.5, ...options });
  return { outbox, storage, calls, clock };
}

const pathsOf = (calls: Call[]) => calls.map((call) => call.path);

afterEach(() => {
  vi.useRealTimers();
});

describe('capturing a command', () => {
  it('stores the command before enqueue resolves, with a UUID v4 idempotency key', async () => {
    const { outbox, storage } = setup();
    const entry = await outbox.enqueue(report('WO-1', 10));
    const keys = await storage.keys(ENTRY_PREFIX);
    expect(keys).toHaveLength(1);
    expect(JSON.parse((await storage.get(keys[0]))!)).toEqual(entry);
    expect(entry.idempotencyKey).toMatch(UUID_V4);
    expect(outbox.getState().pending).toBe(1);
  });

  it('gives two identical reports two different keys: they are two reports', async () => {
    const { outbox } = setup();
    const first = await outbox.enqueue(report('WO-1', 10));
    const second = await outbox.enqueue(report('WO-1', 10));
    expect(first.body).toEqual(second.body);
    expect(first.idempotencyKey).not.toBe(second.idempotencyKey);
    expect(first.id).not.toBe(second.id);
  });

  it("copies the body, so the caller's later edits do not change what is sent", async () => {
    const { outbox, calls } = setup();
    const command = report('WO-1', 10, 5);
    await outbox.enqueue(command);
    (command.body as { goodQty: number }).goodQty = 99;
    await outbox.flush();
    expect(calls[0].body).toEqual({ goodQty: 5, scrapQty: 0 });
  });

  it('refuses a malformed command and stores nothing', async () => {
    const { outbox, storage } = setup();
    const bad = { ...report('WO-1', 10), method: 'GET' } as unknown as OutboxCommand;
    await expect(outbox.enqueue(bad)).rejects.toMatchObject({ name: 'OutboxError', code: 'BAD_COMMAND' });
    await expect(outbox.enqueue({ ...report('WO-1', 10), path: 'no-slash' })).rejects.toBeInstanceOf(
      OutboxError,
    );
    expect(await storage.keys()).toEqual([]);
  });

  it('rejects the enqueue when storage cannot keep the command, and does not queue it', async () => {
    const failing: KeyValueStorage = {
      ...createMemoryStorage(),
      set: async () => {
        throw new Error('disk full');
      },
    };
    const { outbox } = setup(undefined, { storage: failing });
    await expect(outbox.enqueue(report('WO-1', 10))).rejects.toThrow('disk full');
    expect(outbox.getState().pending).toBe(0);
  });
});

describe('delivering', () => {
  it('sends each command with its stored key and removes it once the server accepts it', async () => {
    const { outbox, calls, storage } = setup();
    const entry = await outbox.enqueue(report('WO-1', 10));
    const result = await outbox.flush();
    expect(result).toEqual({ sent: 1, retried: 0, deadLettered: 0, pending: 0 });
    expect(calls).toEqual([
      {
        method: 'POST',
        path: entry.path,
        body: entry.body,
        idempotencyKey: entry.idempotencyKey,
        retry: false,
      },
    ]);
    expect(await storage.keys()).toEqual([]);
  });

  it('never lets a later command of a work order overtake an earlier one, while other work orders proceed', async () => {
    const gate = deferred();
    const { outbox, calls } = setup((call) =>
      call.path.includes('WO-1/operations/10') ? gate.promise : { ok: true },
    );
    await outbox.enqueue(report('WO-1', 10));
    await outbox.enqueue(report('WO-1', 20));
    await outbox.enqueue(report('WO-2', 10));
    const flushing = outbox.flush();
    await vi.waitFor(() => expect(pathsOf(calls)).toContain('/work-orders/WO-2/operations/10/reports'));
    expect(pathsOf(calls)).not.toContain('/work-orders/WO-1/operations/20/reports');
    gate.resolve({ ok: true });
    await flushing;
    expect(pathsOf(calls).filter((path) => path.includes('WO-1'))).toEqual([
      '/work-orders/WO-1/operations/10/reports',
      '/work-orders/WO-1/operations/20/reports',
    ]);
  });

  it('reuses the key captured once on every retry, backing off between attempts', async () => {
    const { outbox, calls, clock } = setup((_call, attempt) => {
      if (attempt === 1) throw new ServerError('boom', { status: 500 });
      if (attempt === 2) throw new TimeoutError('slow');
      return { ok: true };
    });
    const entry = await outbox.enqueue(report('WO-1', 10));
    expect(await outbox.flush()).toMatchObject({ sent: 0, retried: 1, pending: 1 });
    expect(await outbox.flush()).toMatchObject({ sent: 0, retried: 0, pending: 1 }); // still backing off
    clock.advance(60_000);
    expect(await outbox.flush()).toMatchObject({ retried: 1, pending: 1 });
    clock.advance(60_000);
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(calls.map((call) => call.idempotencyKey)).toEqual(Array(3).fill(entry.idempotencyKey));
  });

  it('treats "same key still in flight" (409) as a reason to retry, not to give up', async () => {
    const { outbox, clock } = setup((_call, attempt) => {
      if (attempt === 1) throw inFlight();
      return { ok: true };
    });
    await outbox.enqueue(report('WO-1', 10));
    await outbox.flush();
    expect(outbox.getState()).toMatchObject({ pending: 1, deadLetters: [] });
    clock.advance(60_000);
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
  });

  it('persists the backoff, so a restart does not hammer a failing server', async () => {
    const storage = createMemoryStorage();
    const first = setup(
      () => {
        throw new ServerError('boom', { status: 503 });
      },
      { storage },
    );
    await first.outbox.enqueue(report('WO-1', 10));
    await first.outbox.flush();
    const second = setup(undefined, { storage });
    expect(await second.outbox.flush()).toMatchObject({ sent: 0, pending: 1 });
    second.clock.advance(60_000);
    expect(await second.outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
  });

  it('retries at once when asked to ignore the backoff (a script starting up)', async () => {
    const storage = createMemoryStorage();
    const first = setup(
      () => {
        throw new TimeoutError('slow');
      },
      { storage },
    );
    await first.outbox.enqueue(report('WO-1', 10));
    await first.outbox.flush();
    const second = setup(undefined, { storage });
    expect(await second.outbox.flush({ ignoreBackoff: true })).toMatchObject({ sent: 1, pending: 0 });
  });

  it('retries at once when the app is shown or the network returns, whatever the backoff', async () => {
    const { outbox, calls } = setup((_call, attempt) => {
      if (attempt === 1) throw new NetworkError('offline');
      return { ok: true };
    });
    await outbox.enqueue(report('WO-1', 10));
    await outbox.flush();
    outbox.notifyOnline();
    await vi.waitFor(() => expect(outbox.getState().pending).toBe(0));
    expect(calls).toHaveLength(2);
  });

  it('sends nothing while the host says it is offline', async () => {
    let online = false;
    const { outbox, calls } = setup(undefined, { online: () => online });
    await outbox.enqueue(report('WO-1', 10));
    expect(await outbox.flush()).toMatchObject({ sent: 0, pending: 1 });
    expect(calls).toHaveLength(0);
    online = true;
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
  });

  it('stops the pass on 401 and keeps every command, since all would fail until the user signs in', async () => {
    const { outbox, calls } = setup(
      () => {
        throw new AuthError('expired', { status: 401 });
      },
      { concurrency: 1 },
    );
    await outbox.enqueue(report('WO-1', 10));
    await outbox.enqueue(report('WO-2', 10));
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(outbox.getState()).toMatchObject({ pending: 2, deadLetters: [], lastError: { status: 401 } });
  });

  it('keeps a delivered command when storage fails to forget it, and resends it under the same key', async () => {
    const memory = createMemoryStorage();
    let removals = 0;
    const flaky: KeyValueStorage = {
      ...memory,
      remove: async (key) => {
        if (removals++ === 0) throw new Error('storage busy');
        return memory.remove(key);
      },
    };
    const { outbox, calls, clock } = setup(undefined, { storage: flaky });
    const entry = await outbox.enqueue(report('WO-1', 10));
    expect(await outbox.flush()).toMatchObject({ sent: 0, pending: 1 });
    expect(outbox.getState().lastError?.message).toBe('storage busy');
    clock.advance(60_000);
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(calls.map((call) => call.idempotencyKey)).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
    expect(await memory.keys()).toEqual([]);
  });

  it('retries an error it cannot classify rather than lose the command', async () => {
    const { outbox } = setup((_call, attempt) => {
      if (attempt === 1) throw new TypeError('transport bug');
      return { ok: true };
    });
    await outbox.enqueue(report('WO-1', 10));
    await outbox.flush();
    expect(outbox.getState()).toMatchObject({
      pending: 1,
      deadLetters: [],
      lastError: { name: 'TypeError' },
    });
  });

  it('runs concurrent flushes as one: each command is sent once', async () => {
    const gate = deferred();
    const { outbox, calls } = setup(() => gate.promise);
    await outbox.enqueue(report('WO-1', 10));
    await outbox.enqueue(report('WO-2', 10));
    const first = outbox.flush();
    const second = outbox.flush();
    gate.resolve({ ok: true });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.sent).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('picks up a command captured while a flush is already running', async () => {
    const gate = deferred();
    const { outbox, calls } = setup((call) => (call.path.includes('WO-1') ? gate.promise : { ok: true }));
    await outbox.enqueue(report('WO-1', 10));
    const running = outbox.flush();
    await outbox.enqueue(report('WO-2', 10));
    const joined = outbox.flush();
    gate.resolve({ ok: true });
    await Promise.all([running, joined]);
    expect(calls).toHaveLength(2);
    expect(outbox.getState().pending).toBe(0);
  });

  it('never sends more than `concurrency` requests at once', async () => {
    let open = 0;
    let peak = 0;
    const { outbox } = setup(
      async () => {
        open++;
        peak = Math.max(peak, open);
        await new Promise((resolve) => setTimeout(resolve, 1));
        open--;
        return { ok: true };
      },
      { concurrency: 3 },
    );
    for (let index = 0; index < 12; index++) await outbox.enqueue(report(`WO-${index}`, 10));
    expect(await outbox.flush()).toMatchObject({ sent: 12 });
    expect(peak).toBe(3);
  });
});

describe('shared phones', () => {
  it("sends a user's commands only while that user is signed in, keeping each work order's order", async () => {
    let signedIn: string | undefined = 'op-wang';
    const { outbox, calls } = setup(undefined, { owner: () => signedIn });
    await outbox.enqueue({ ...report('WO-1', 10, 1), owner: 'op-li' });
    await outbox.enqueue({ ...report('WO-1', 20, 2), owner: 'op-wang' });
    await outbox.enqueue({ ...report('WO-2', 10, 3), owner: 'op-wang' });
    await outbox.enqueue(report('WO-3', 10, 4)); // no owner: any session may send it

    // op-li's report of WO-1 waits for him, and op-wang's later one of WO-1 waits behind it.
    expect(await outbox.flush()).toMatchObject({ sent: 2, pending: 2 });
    expect(pathsOf(calls).sort()).toEqual([
      '/work-orders/WO-2/operations/10/reports',
      '/work-orders/WO-3/operations/10/reports',
    ]);
    signedIn = 'op-li';
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 1 });
    expect(calls.at(-1)?.path).toBe('/work-orders/WO-1/operations/10/reports');
    signedIn = 'op-wang';
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(calls.at(-1)?.path).toBe('/work-orders/WO-1/operations/20/reports');
  });

  it('refuses an empty owner when capturing', async () => {
    const { outbox } = setup();
    await expect(outbox.enqueue({ ...report('WO-1', 10), owner: '' })).rejects.toThrow('owner must be');
  });
});

describe('dead letters', () => {
  it("parks a command the server rejects for good, with the server's reason and field errors", async () => {
    const { outbox, calls } = setup(() => {
      throw badRequest();
    });
    const entry = await outbox.enqueue(report('WO-1', 10, -1));
    expect(await outbox.flush()).toMatchObject({ deadLettered: 1, pending: 0 });
    const [letter] = outbox.getState().deadLetters;
    expect(letter).toMatchObject({ id: entry.id, idempotencyKey: entry.idempotencyKey, attempts: 1 });
    expect(letter.reason).toMatchObject({
      name: 'ValidationError',
      status: 400,
      detail: 'goodQty must not be negative',
      errors: [{ path: 'goodQty', message: 'must be ≥ 0' }],
    });
    await outbox.flush();
    expect(calls).toHaveLength(1); // never retried on its own
  });

  it('treats a 409 state conflict as final, unlike a 409 in flight, and keeps its params', async () => {
    const params = { seq: 20, asked: 5, reported: 0, previousSeq: 10, previousGood: 3 };
    const { outbox } = setup(() => {
      throw new ConflictError('operation 20 cannot report 5', {
        status: 409,
        problem: { type: '/problems/operation-sequence', title: 'Conflict', status: 409, params },
      });
    });
    await outbox.enqueue(report('WO-1', 10));
    expect(await outbox.flush()).toMatchObject({ deadLettered: 1 });
    expect(outbox.getState().deadLetters[0]?.reason).toMatchObject({
      type: '/problems/operation-sequence',
      params,
    });
  });

  it('lets later commands of the same work order go on, and surfaces the dead one', async () => {
    const { outbox, calls } = setup((call) => {
      if (call.path.includes('/10/')) throw badRequest();
      return { ok: true };
    });
    await outbox.enqueue(report('WO-1', 10));
    await outbox.enqueue(report('WO-1', 20));
    expect(await outbox.flush()).toMatchObject({ sent: 1, deadLettered: 1, pending: 0 });
    expect(pathsOf(calls)).toEqual([
      '/work-orders/WO-1/operations/10/reports',
      '/work-orders/WO-1/operations/20/reports',
    ]);
    expect(outbox.getState().deadLetters.map((letter) => letter.orderKey)).toEqual(['WO-1']);
  });

  it('survives a restart as a dead letter, not as a pending command', async () => {
    const storage = createMemoryStorage();
    const first = setup(
      () => {
        throw badRequest();
      },
      { storage },
    );
    await first.outbox.enqueue(report('WO-1', 10));
    await first.outbox.flush();
    const second = setup(undefined, { storage });
    await second.outbox.ready();
    expect(second.outbox.getState()).toMatchObject({ pending: 0, deadLetters: [{ orderKey: 'WO-1' }] });
  });

  it('resends an unchanged dead letter with its original key', async () => {
    let accept = false;
    const { outbox, calls } = setup(() => {
      if (!accept) throw new ConflictError('Operation 10 not started', { status: 409 });
      return { ok: true };
    });
    const entry = await outbox.enqueue(report('WO-1', 20));
    await outbox.flush();
    accept = true;
    const requeued = await outbox.resend(entry.id);
    expect(requeued.idempotencyKey).toBe(entry.idempotencyKey);
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(calls.map((call) => call.idempotencyKey)).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
    expect(outbox.getState().deadLetters).toEqual([]);
  });

  it('counts a "corrected" body equal to the old one (keys in another order) as unchanged', async () => {
    const { outbox } = setup(() => {
      throw badRequest();
    });
    const entry = await outbox.enqueue(report('WO-1', 10, 5));
    await outbox.flush();
    const requeued = await outbox.resend(entry.id, { scrapQty: 0, goodQty: 5 });
    expect(requeued.idempotencyKey).toBe(entry.idempotencyKey);
  });

  it('resends a corrected dead letter with the new body under a new key, keeping its place in line', async () => {
    const { outbox, calls } = setup((call) => {
      if ((call.body as { goodQty: number }).goodQty < 0) throw badRequest();
      return { ok: true };
    });
    const entry = await outbox.enqueue(report('WO-1', 10, -1));
    await outbox.flush();
    const requeued = await outbox.resend(entry.id, { goodQty: 1, scrapQty: 0 });
    expect(requeued.idempotencyKey).not.toBe(entry.idempotencyKey);
    expect(requeued.idempotencyKey).toMatch(UUID_V4);
    expect(requeued.seq).toBe(entry.seq);
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(calls.at(-1)).toMatchObject({
      body: { goodQty: 1, scrapQty: 0 },
      idempotencyKey: requeued.idempotencyKey,
    });
  });

  it('discards a dead letter from state and storage', async () => {
    const { outbox, storage } = setup(() => {
      throw badRequest();
    });
    const entry = await outbox.enqueue(report('WO-1', 10));
    await outbox.flush();
    await outbox.discard(entry.id);
    expect(outbox.getState().deadLetters).toEqual([]);
    expect(await storage.keys()).toEqual([]);
  });

  it('refuses to resend or discard what is not a dead letter', async () => {
    const { outbox } = setup();
    const entry = await outbox.enqueue(report('WO-1', 10));
    await expect(outbox.resend(entry.id)).rejects.toMatchObject({ code: 'UNKNOWN_DEAD_LETTER' });
    await expect(outbox.discard('nope')).rejects.toMatchObject({ code: 'UNKNOWN_DEAD_LETTER' });
    expect(outbox.getState().pending).toBe(1);
  });

  it('lets only one of two simultaneous resends of the same dead letter through', async () => {
    const { outbox } = setup(() => {
      throw badRequest();
    });
    const entry = await outbox.enqueue(report('WO-1', 10));
    await outbox.flush();
    const results = await Promise.allSettled([outbox.resend(entry.id), outbox.resend(entry.id)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outbox.getState().pending).toBe(1);
  });
});

describe('restarts', () => {
  it('continues where the previous session left off, in order', async () => {
    const storage = createMemoryStorage();
    const first = setup(undefined, { storage, concurrency: 1 });
    for (const seq of [10, 20, 30]) await first.outbox.enqueue(report('WO-1', seq));
    const second = setup(undefined, { storage });
    await second.outbox.flush();
    expect(pathsOf(second.calls)).toEqual(
      [10, 20, 30].map((seq) => `/work-orders/WO-1/operations/${seq}/reports`),
    );
    const captured = await second.outbox.enqueue(report('WO-1', 40));
    expect(captured.seq).toBe(4);
  });

  it('sends again, under the same key, a command that was in flight when the process died', async () => {
    const storage = createMemoryStorage();
    const dying = setup(() => new Promise(() => {}), { storage }); // the answer never comes
    const entry = await dying.outbox.enqueue(report('WO-1', 10));
    void dying.outbox.flush();
    await vi.waitFor(() => expect(dying.calls).toHaveLength(1));
    const restarted = setup(undefined, { storage });
    expect(await restarted.outbox.flush()).toMatchObject({ sent: 1, pending: 0 });
    expect(restarted.calls[0].idempotencyKey).toBe(entry.idempotencyKey);
  });

  it('leaves an unreadable stored entry alone and says so', async () => {
    const storage = createMemoryStorage([[`${ENTRY_PREFIX}000000000001-x`, '{not json']]);
    const { outbox } = setup(undefined, { storage });
    await outbox.ready();
    expect(outbox.getState().lastError?.message).toContain('unreadable');
    expect(await storage.keys()).toHaveLength(1);
  });
});

describe('observable state', () => {
  it('returns the same snapshot until something changes (fit for useSyncExternalStore)', async () => {
    const { outbox } = setup();
    await outbox.ready();
    const before = outbox.getState();
    expect(outbox.getState()).toBe(before);
    await outbox.enqueue(report('WO-1', 10));
    expect(outbox.getState()).not.toBe(before);
    expect(outbox.getState()).toMatchObject({ pending: 1, sending: false, lastSentAt: null });
  });

  it('tells subscribers about sending, failures and successes, until they unsubscribe', async () => {
    const { outbox } = setup((_call, attempt) => {
      if (attempt === 1) throw new ServerError('boom', { status: 502 });
      return { ok: true };
    });
    await outbox.enqueue(report('WO-1', 10));
    const seen: { sending: boolean; lastError: string | undefined; pending: number }[] = [];
    const unsubscribe = outbox.subscribe(() => {
      const state = outbox.getState();
      seen.push({ sending: state.sending, lastError: state.lastError?.name, pending: state.pending });
    });
    await outbox.flush();
    expect(seen).toContainEqual({ sending: true, lastError: undefined, pending: 1 });
    expect(seen).toContainEqual({ sending: true, lastError: 'ServerError', pending: 1 });
    expect(seen.at(-1)).toEqual({ sending: false, lastError: 'ServerError', pending: 1 });
    outbox.notifyShow();
    await vi.waitFor(() => expect(outbox.getState().pending).toBe(0));
    expect(outbox.getState()).toMatchObject({ lastError: null, lastSentAt: expect.any(String) });
    const count = seen.length;
    unsubscribe();
    await outbox.enqueue(report('WO-1', 20));
    expect(seen).toHaveLength(count);
  });
});

describe('triggers', () => {
  it('flushes on its timer once started and stops when told', async () => {
    vi.useFakeTimers();
    let failures = 1;
    const { outbox, calls } = setup(
      () => {
        if (failures-- > 0) throw new ServerError('boom', { status: 500 });
        return { ok: true };
      },
      { now: () => Date.now(), backoff: { baseMs: 1_000, maxMs: 1_000 }, intervalMs: 10_000 },
    );
    await outbox.enqueue(report('WO-1', 10));
    outbox.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    expect(outbox.getState().pending).toBe(0);
    outbox.stop();
    await outbox.enqueue(report('WO-1', 20));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
  });

  it('sends a command right after capture while started', async () => {
    const { outbox, calls } = setup();
    outbox.start();
    await outbox.enqueue(report('WO-1', 10));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    outbox.stop();
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter, within [half, all] of the capped delay, and honours Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        (failures, random, retryAfterMs) => {
          const policy = { baseMs: 500, maxMs: 30_000 };
          const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
          const delay = backoffDelay(failures, policy, random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(capped / 2));
          expect(delay).toBeLessThanOrEqual(capped);
          expect(backoffDelay(failures, policy, random, retryAfterMs)).toBe(Math.max(delay, retryAfterMs));
        },
      ),
    );
  });
});

describe('invariants under flaky delivery', () => {
  it('delivers every command exactly once per key, in capture order per work order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ workOrder: fc.constantFrom('WO-1', 'WO-2', 'WO-3'), fail: fc.nat({ max: 3 }) }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (commands, concurrency) => {
          const failuresLeft = new Map<string, number>();
          const committed: string[] = [];
          const { outbox, clock } = setup(
            (call) => {
              const key = call.idempotencyKey!;
              const left = failuresLeft.get(key) ?? 0;
              // Half the failures happen after the server committed (a lost answer).
              if (left > 0 && left % 2 === 0 && !committed.includes(key)) committed.push(key);
              if (left > 0) {
                failuresLeft.set(key, left - 1);
                throw new ServerError('flaky', { status: 503 });
              }
              if (!committed.includes(key)) committed.push(key);
              return { ok: true };
            },
            { concurrency },
          );
          const captured = [];
          for (const [index, command] of commands.entries()) {
            const entry = await outbox.enqueue(report(command.workOrder, (index + 1) * 10));
            failuresLeft.set(entry.idempotencyKey, command.fail);
            captured.push(entry);
          }
          for (let round = 0; round < 20 && outbox.getState().pending > 0; round++) {
            await outbox.flush();
            clock.advance(120_000);
          }
          expect(outbox.getState().pending).toBe(0);
          expect(new Set(committed).size).toBe(captured.length);
          for (const workOrder of ['WO-1', 'WO-2', 'WO-3']) {
            const expected = captured.filter((e) => e.orderKey === workOrder).map((e) => e.idempotencyKey);
            const actual = committed.filter((key) => expected.includes(key));
            expect(actual).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
