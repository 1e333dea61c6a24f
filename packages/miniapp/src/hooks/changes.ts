import { useSyncExternalStore } from 'react';

/**
 * "Something of this kind changed here": a decision, a withdrawal. Lists of that kind read again,
 * on pages still open underneath, so going back never shows what was just decided as open.
 */
export type ChangeTopic = 'issue-requests';

const versions = new Map<ChangeTopic, number>();
const listeners = new Set<() => void>();

export function notifyChanged(topic: ChangeTopic): void {
  versions.set(topic, (versions.get(topic) ?? 0) + 1);
  for (const listener of listeners) listener();
}

/** A number that grows with every change of `topic`: put it among a load's triggers. */
export function useChanges(topic: ChangeTopic): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => versions.get(topic) ?? 0,
    () => versions.get(topic) ?? 0,
  );
}
