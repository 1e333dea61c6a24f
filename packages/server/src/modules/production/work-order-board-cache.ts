import { WorkOrderPage } from '@shopfloor/sdk';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { HttpProblem } from '../../http/problem.js';
import { SharedAnswerCache, sendSharedAnswer } from '../../http/shared-answer-cache.js';

/**
 * How long a board answer is shared by default (SHOPFLOOR_BOARD_SHARE_SECONDS; docs/work-orders.md,
 * "The board"): the wall boards refresh
 * every 30 s and show data that old already; 5 s more covers a burst of boards loading at once
 * (and a slow read under load) while adding at most a sixth to what a board may lag.
 */
export const BOARD_ANSWER_TTL_MS = 5_000;
/** Distinct boards kept at once: per org, workshop picked, page and scope (a planner's is ~400 kB). */
export const BOARD_ANSWER_MAX_ENTRIES = 64;
export const BOARD_ANSWER_MAX_BYTES = 32 * 1024 * 1024;

// One cache per app (tests start several apps, each on its own database, in one process).
const caches = new WeakMap<AppDeps, SharedAnswerCache>();

function cacheOf(deps: AppDeps): SharedAnswerCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new SharedAnswerCache({
      ttlMs: deps.config.boardShareMs,
      maxEntries: BOARD_ANSWER_MAX_ENTRIES,
      maxBytes: BOARD_ANSWER_MAX_BYTES,
      now: () => deps.clock.now().getTime(),
    });
    caches.set(deps, cache);
  }
  return cache;
}

/**
 * A shared page checked against its contract once per read: the route's own check (route.ts render)
 * does not see a Response. A page that fails it answers 500 and is not kept.
 */
export function checkSharedPage(deps: AppDeps, route: string, page: WorkOrderPage): void {
  if (deps.config.validateResponses && !z.safeParse(WorkOrderPage, page).success) {
    deps.logger.error({ route }, 'response does not match its schema');
    throw new HttpProblem(
      500,
      'internal',
      'Internal error',
      'the server produced an answer that does not match its contract',
    );
  }
}

export interface BoardAsked {
  orgId: string;
  /** The Shanghai day: the selection's horizon and `overdue` turn at midnight. */
  today: string;
  /** The caller's workshops (an operator), or null for all: the only thing of the caller it shows. */
  scope: readonly string[] | null;
  /** The parsed query: every parameter the answer depends on, unknown ones already dropped. */
  query: Record<string, unknown>;
}

/** Everything a board answer depends on, in a canonical order. */
export function boardKey({ orgId, today, scope, query }: BoardAsked): string {
  const params = Object.keys(query)
    .filter((k) => query[k] !== undefined)
    .sort()
    .map((k) => [k, query[k]]);
  const workshops = scope ? [...new Set(scope)].sort() : null;
  return JSON.stringify([orgId, today, workshops, params]);
}

/** The board's answer, shared with every caller who asks the same within the TTL (ETag, 304). */
export async function sharedBoardAnswer(
  c: Context,
  deps: AppDeps,
  asked: BoardAsked,
  read: () => Promise<WorkOrderPage>,
): Promise<Response> {
  const answer = await cacheOf(deps).answer(boardKey(asked), async () => {
    const page = await read();
    checkSharedPage(deps, '/work-orders?view=board', page);
    return page;
  });
  return sendSharedAnswer(c, answer);
}
