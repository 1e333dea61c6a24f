import type { OutboxState } from './types.js';

/** Immutable snapshots plus listeners: a new object only when something changed. */
export class StateStore {
  private state: OutboxState = {
    pending: 0,
    sending: false,
    lastError: null,
    deadLetters: [],
    lastSentAt: null,
  };
  private readonly listeners = new Set<() => void>();

  get(): OutboxState {
    return this.state;
  }

  update(patch: Partial<OutboxState>): void {
    const changed = (Object.keys(patch) as (keyof OutboxState)[]).some(
      (key) => patch[key] !== this.state[key],
    );
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        // A broken UI listener must neither stop delivery nor vanish silently: rethrown unhandled.
        void Promise.reject(error);
      }
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
