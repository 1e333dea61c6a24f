import { createMemoryStorage } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { createSessionStore } from './session-store';

const session = { token: 'tok', user: { id: 'demo-operator', name: '张师傅', roles: ['operator' as const] } };

describe('session store', () => {
  it('keeps the session across a restart of the app', async () => {
    const storage = createMemoryStorage();
    await createSessionStore(storage).set(session);
    const restarted = createSessionStore(storage);
    await restarted.ready();
    expect(restarted.get()).toEqual(session);
    expect(restarted.token()).toBe('tok');
  });

  it('forgets the session on sign-out and tells its listeners', async () => {
    const store = createSessionStore(createMemoryStorage());
    await store.set(session);
    let notified = 0;
    store.subscribe(() => notified++);
    await store.clear();
    expect(store.get()).toBeNull();
    expect(notified).toBe(1);
  });

  it('starts signed out when the stored session is unreadable', async () => {
    const storage = createMemoryStorage();
    await storage.set('session', '{not json');
    const store = createSessionStore(storage);
    await store.ready();
    expect(store.get()).toBeNull();
  });
});
