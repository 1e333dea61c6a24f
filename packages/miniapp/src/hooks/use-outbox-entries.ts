import type { OutboxEntry } from '@shopfloor/sdk';
import { useEffect, useState } from 'react';
import { useOutboxState, useServices } from '../services/services-context';

/** The commands waiting in the outbox, in capture order, re-read whenever the outbox changes. */
export function useOutboxEntries(): readonly OutboxEntry[] | undefined {
  const { outbox } = useServices();
  const state = useOutboxState();
  const [entries, setEntries] = useState<readonly OutboxEntry[]>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: every new state object is a change
  useEffect(() => {
    let live = true;
    void outbox.list().then((list) => live && setEntries(list));
    return () => {
      live = false;
    };
  }, [outbox, state]);
  return entries;
}
