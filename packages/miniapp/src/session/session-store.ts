import type { AuthSession, KeyValueStorage } from '@shopfloor/sdk';

const SESSION_KEY = 'session';

/** The signed-in user and token, kept in the platform storage so a reload stays signed in. */
export interface SessionStore {
  /** Resolves once the stored session (if any) is loaded. */
  ready(): Promise<void>;
  get(): AuthSession | null;
  token(): string | null;
  set(session: AuthSession): Promise<void>;
  clear(): Promise<void>;
  subscribe(listener: () => void): () => void;
}

export function createSessionStore(storage: KeyValueStorage): SessionStore {
  let current: AuthSession | null = null;
  const listeners = new Set<() => void>();
  const publish = (next: AuthSession | null) => {
    current = next;
    for (const listener of listeners) listener();
  };
  const loading = storage.get(SESSION_KEY).then(
    (stored) => {
      if (stored && current === null) current = readSession(stored);
    },
    () => undefined, // unreadable storage: start signed out
  );
  return {
    ready: () => loading,
    get: () => current,
    token: () => current?.token ?? null,
    async set(session) {
      await storage.set(SESSION_KEY, JSON.stringify(session));
      publish(session);
    },
    async clear() {
      publish(null);
      await storage.remove(SESSION_KEY);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function readSession(text: string): AuthSession | null {
  try {
    const value = JSON.parse(text) as Partial<AuthSession>;
    return typeof value.token === 'string' && value.user && Array.isArray(value.user.roles)
      ? (value as AuthSession)
      : null;
  } catch {
    return null;
  }
}
