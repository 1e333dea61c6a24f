/**
 * When the outbox flushes on its own: a timer (sooner when a backoff ends) and the host's
 * online/visibility events where they exist. The app calls notifyOnline/notifyShow for hosts
 * without DOM events (mini-program `onShow`, DingTalk network callbacks).
 */
export interface TriggerHooks {
  /** Runs a flush (forced: ignoring backoff) and resolves when it is over, never rejecting. */
  flush(force: boolean): Promise<void>;
  /** Milliseconds until the timer should flush next. */
  nextDelay(): number;
}

export interface Triggers {
  readonly started: boolean;
  start(): void;
  stop(): void;
  /** Flushes now and re-arms the timer after. */
  kick(force: boolean): void;
}

export function createTriggers(hooks: TriggerHooks): Triggers {
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let removeListeners: (() => void) | undefined;

  const schedule = () => {
    clearTimeout(timer);
    timer = started ? setTimeout(() => kick(false), hooks.nextDelay()) : undefined;
  };
  const kick = (force: boolean) => {
    clearTimeout(timer);
    void hooks.flush(force).then(schedule);
  };

  return {
    get started() {
      return started;
    },
    start() {
      if (started) return;
      started = true;
      removeListeners = listenToHost(() => kick(true));
      kick(false);
    },
    stop() {
      started = false;
      clearTimeout(timer);
      removeListeners?.();
      removeListeners = undefined;
    },
    kick,
  };
}

/** Back online, or the page became visible again: worth a retry at once. */
function listenToHost(onChance: () => void): () => void {
  const target = globalThis as Partial<EventTarget>;
  const document = (globalThis as { document?: Partial<EventTarget> & { visibilityState?: string } })
    .document;
  const onVisibility = () => {
    if (document?.visibilityState === 'visible') onChance();
  };
  target.addEventListener?.('online', onChance);
  document?.addEventListener?.('visibilitychange', onVisibility);
  return () => {
    target.removeEventListener?.('online', onChance);
    document?.removeEventListener?.('visibilitychange', onVisibility);
  };
}
