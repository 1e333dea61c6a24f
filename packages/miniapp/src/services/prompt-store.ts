/**
 * A question the platform layer asks the person through the UI (which demo account, which code),
 * answered by a component: the browser adapter stays free of React and the UI free of adapters.
 */
export type PromptKind = 'demo-user' | 'scan-code';

export interface PendingPrompt {
  kind: PromptKind;
  answer(value: string | undefined): void;
}

export interface PromptStore {
  ask(kind: PromptKind): Promise<string | undefined>;
  current(): PendingPrompt | null;
  subscribe(listener: () => void): () => void;
}

export function createPromptStore(): PromptStore {
  let pending: PendingPrompt | null = null;
  const listeners = new Set<() => void>();
  const publish = (next: PendingPrompt | null) => {
    pending = next;
    for (const listener of listeners) listener();
  };
  return {
    ask(kind) {
      pending?.answer(undefined); // a newer question replaces an unanswered one
      return new Promise((resolve) => {
        const prompt: PendingPrompt = {
          kind,
          answer(value) {
            if (pending === prompt) publish(null);
            resolve(value);
          },
        };
        publish(prompt);
      });
    },
    current: () => pending,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
