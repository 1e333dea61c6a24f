import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { deliverCard, enabledPlatforms } from './deliver.js';
import { claimDue, queueCards } from './store.js';

/** Cards are sent for requests made this recently: WeCom's response codes last 72 hours. */
export const CARD_WINDOW_MS = 72 * 3_600_000;

/**
 * Card messages per minute per server process. WeCom drops app messages past 30 a minute to one
 * member, and every card goes to all the warehouse's approvers: a burst of requests is spread out.
 */
export const CARDS_PER_MINUTE = 20;

export interface ChatApprovalsWorkerOptions {
  batch?: number;
  perMinute?: number;
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
  const perMinute = options.perMinute ?? CARDS_PER_MINUTE;
  /** When the cards of the last minute were handled (sends and updates alike). */
  let recent: number[] = [];
  return {
    name: 'chat-approvals',
    async tick() {
      const platforms = enabledPlatforms(deps);
      if (platforms.length === 0) return 0;
      const now = deps.clock.now();
      let done = await queueCards(deps.db, platforms, now, new Date(now.getTime() - CARD_WINDOW_MS));
      recent = recent.filter((t) => t > now.getTime() - 60_000);
      const budget = Math.min(batch, perMinute - recent.length);
      if (budget <= 0) return done;
      const claimed = await claimDue(deps.db, now, new Date(now.getTime() + leaseMs), budget);
      for (const card of claimed) {
        recent.push(now.getTime());
        if (await deliverCard(deps, card, options.random)) done++;
      }
      return done;
    },
  };
}
