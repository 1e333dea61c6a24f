import type { KeyValueStorage } from '../storage/key-value-storage.js';
import type { DeadLetter, OutboxEntry } from './types.js';

/**
 * Storage layout: one key per command, `outbox:entry:<seq, 12 digits>-<id>`, holding the whole
 * entry as JSON (a dead letter is the same entry with a `reason`). Every state change of a command
 * is therefore a single `set` or `remove` of its own key, so a crash between any two writes leaves
 * each command either fully before or fully after its change: never lost, never duplicated.
 * The sequence is recomputed at load as 1 + the highest stored one: only stored commands need
 * ordering, so there is no counter key to keep in step.
 */
export const ENTRY_PREFIX = 'outbox:entry:';

export function entryKey(entry: Pick<OutboxEntry, 'seq' | 'id'>): string {
  return `${ENTRY_PREFIX}${String(entry.seq).padStart(12, '0')}-${entry.id}`;
}

export function isDeadLetter(entry: OutboxEntry): entry is DeadLetter {
  return (entry as Partial<DeadLetter>).reason !== undefined;
}

export function compareEntries(a: OutboxEntry, b: OutboxEntry): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface LoadedEntries {
  entries: OutboxEntry[];
  /** Keys whose value is not a readable entry: left in storage untouched, reported to the UI. */
  unreadable: string[];
}

export async function loadEntries(storage: KeyValueStorage): Promise<LoadedEntries> {
  const keys = await storage.keys(ENTRY_PREFIX);
  const entries: OutboxEntry[] = [];
  const unreadable: string[] = [];
  for (const key of keys) {
    const value = await storage.get(key);
    if (value === undefined) continue; // removed meanwhile
    const entry = parseEntry(value);
    if (entry && entryKey(entry) === key) entries.push(entry);
    else unreadable.push(key);
  }
  entries.sort(compareEntries);
  return { entries, unreadable };
}

/** Writes the entry to its key and returns the stored form, so memory always equals storage. */
export async function saveEntry<T extends OutboxEntry>(storage: KeyValueStorage, entry: T): Promise<T> {
  const json = JSON.stringify(entry);
  await storage.set(entryKey(entry), json);
  return JSON.parse(json) as T;
}

export function removeEntry(storage: KeyValueStorage, entry: OutboxEntry): Promise<void> {
  return storage.remove(entryKey(entry));
}

function parseEntry(value: string): OutboxEntry | undefined {
  try {
    const entry = JSON.parse(value) as Partial<OutboxEntry> | null;
    const valid =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.id === 'string' &&
      Number.isSafeInteger(entry.seq) &&
      typeof entry.idempotencyKey === 'string' &&
      typeof entry.method === 'string' &&
      typeof entry.path === 'string' &&
      typeof entry.kind === 'string';
    return valid ? (entry as OutboxEntry) : undefined;
  } catch {
    return undefined;
  }
}
