import type { Role, User } from '@shopfloor/sdk';
import { useSyncExternalStore } from 'react';

/** Who is signed in: the bearer token every call sends, and the user it belongs to. */
export interface Session {
  token: string;
  user: User;
}

// sessionStorage: a console tab left on a shared office PC forgets the sign-in when it is closed.
const KEY = 'shopfloor.console.session';
let current: Session | null = read();
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  try {
    if (next) globalThis.sessionStorage?.setItem(KEY, JSON.stringify(next));
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // storage blocked: the session lives as long as the page
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

function read(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && parsed.user ? (parsed as Session) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the signed-in user holds one of `roles` (admins hold all): the console hides what the
 * server would refuse, the server still checks every call.
 */
export function useCan(): (...roles: Role[]) => boolean {
  const session = useSession();
  const held = session?.user.roles ?? [];
  return (...roles) => held.includes('admin') || roles.some((role) => held.includes(role));
}
