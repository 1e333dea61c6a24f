import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { deliverCard, enabledPlatforms } from './deliver.js';
import { claimDue, queueCards } from './store.js';

/** Cards are sent for requests made this recently: WeCom's response codes last 72 hours. */
export const CARD_WINDOW_MS = 72 * 3_600_000;

export interface ChatApprovalsWorkerOptions {
  batch?: number;
  /** A claim is a lease, longer than a platform call (8 s time out). */
  leaseMs?: number;
  random?: () => number;
}

/**
 * Sends approval cards (WeCom template cards, DingTalk work notices) for pending issue requests and
 * shows the outcome on WeCom cards once a request is decided, in the app or on a card. Retries with
 * back-off; safe on several replicas (claims with SKIP LOCKED). Does nothing when no platform is on.
 */
export function createChatApprovalsWorker(deps: AppDeps, options: ChatApprovalsWorkerOptions = {}): Worker {
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  return {
    name: 'chat-approvals',
    async tick() {
      const platforms = enabledPlatforms(deps);
      if (platforms.length === 0) return 0;
      const now = deps.clock.now();
      let done = await queueCards(deps.db, platforms, now, new Date(now.getTime() - CARD_WINDOW_MS));
      const claimed = await claimDue(deps.db, now, new Date(now.getTime() + leaseMs), batch);
      for (const card of claimed) {
        if (await deliverCard(deps, card, options.random)) done++;
      }
      return done;
    },
  };
}
