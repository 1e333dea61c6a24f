import type { IssueRequest } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { requestViews } from '../issue-requests/view.js';
import { platformClients } from '../platform/clients.js';
import { PlatformRejectedError } from '../platform/errors.js';
import { backoffDelay } from '../sync/backoff.js';
import { dingTalkApprovalNotice, requestLink, requestOutcome, weComApprovalCard } from './cards.js';
import { approversFor, type CardPlatform, type ChatCardRow, setCard } from './store.js';

/** A card is given up (state failed) after this many failed attempts. */
export const MAX_CARD_ATTEMPTS = 8;

/** The platforms whose approval messages this server sends. */
export function enabledPlatforms(deps: AppDeps): CardPlatform[] {
  const on: CardPlatform[] = [];
  if (deps.config.chatApprovals.wecom && deps.config.wecom && deps.config.publicUrl) on.push('wecom');
  if (deps.config.chatApprovals.dingtalkNotices && deps.config.dingtalk && deps.config.publicUrl)
    on.push('dingtalk');
  return on;
}

export async function loadRequest(db: Db, orgId: string, id: string): Promise<IssueRequest | undefined> {
  const row = await db
    .selectFrom('issue_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await requestViews(db, orgId, [row]))[0] : undefined;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * One claimed card: sends it (queued) or shows the request's outcome on it (sent, request decided).
 * A failure is recorded with the next attempt after a back-off; the last one marks it failed.
 */
export async function deliverCard(deps: AppDeps, card: ChatCardRow, random = Math.random): Promise<boolean> {
  const db = deps.db;
  const now = deps.clock.now();
  const request = await loadRequest(db, card.org_id, card.request_id);
  try {
    if (!request) {
      await setCard(db, card, { state: 'skipped', lastError: 'the request is gone' });
      return true;
    }
    if (card.state === 'queued') return await send(deps, card, request, now);
    return await close(deps, card, request, now);
  } catch (err) {
    const attempts = card.attempts + 1;
    // A spent or expired response_code cannot be used again: retrying would fail the same way.
    const hopeless =
      card.state === 'sent' &&
      err instanceof PlatformRejectedError &&
      err.api === 'message/update_template_card';
    await setCard(db, card, {
      attempts,
      lastError: messageOf(err),
      ...(attempts >= MAX_CARD_ATTEMPTS || (hopeless && attempts >= 2)
        ? { state: 'failed' }
        : { nextAttemptAt: new Date(now.getTime() + backoffDelay(attempts, random)) }),
    });
    deps.logger.warn(
      { err, request: card.request_id, platform: card.platform },
      'approval card not delivered',
    );
    return false;
  }
}

async function send(deps: AppDeps, card: ChatCardRow, request: IssueRequest, now: Date): Promise<boolean> {
  const db = deps.db;
  if (request.status !== 'pending') {
    await setCard(db, card, { state: 'skipped', outcome: requestOutcome(request) });
    return true;
  }
  const recipients = await approversFor(db, card.org_id, card.platform, request.warehouse, request.requester);
  if (recipients.length === 0) {
    await setCard(db, card, {
      state: 'skipped',
      lastError: 'no approver of the warehouse uses this platform',
    });
    return true;
  }
  const link = requestLink(deps.config.publicUrl!, request.id);
  const clients = platformClients(deps);
  const ids = recipients.map((r) => r.platformUserId);
  if (card.platform === 'wecom') {
    const sent = await clients.wecom!.sendTemplateCard(ids, weComApprovalCard(request, link));
    await setCard(db, card, {
      state: 'sent',
      attempts: 0,
      lastError: sent.invalidUsers.length ? `WeCom did not know ${sent.invalidUsers.join(', ')}` : null,
      responseCode: sent.responseCode ?? null,
      recipients,
      sentAt: now,
      nextAttemptAt: now,
    });
  } else {
    await clients.dingtalk!.sendActionCardNotice(ids, dingTalkApprovalNotice(request, link));
    // A work notice cannot be changed afterwards: nothing more to do for it.
    await setCard(db, card, {
      state: 'closed',
      attempts: 0,
      lastError: null,
      recipients,
      sentAt: now,
      closedAt: now,
    });
  }
  return true;
}

/** Shows the outcome on a sent WeCom card for everyone who got it, greying its buttons out. */
async function close(deps: AppDeps, card: ChatCardRow, request: IssueRequest, now: Date): Promise<boolean> {
  const outcome = requestOutcome(request);
  if (!card.response_code) {
    await setCard(deps.db, card, {
      state: 'failed',
      outcome,
      lastError: 'no unused response_code to update the card',
    });
    return false;
  }
  const link = requestLink(deps.config.publicUrl!, request.id);
  await platformClients(deps).wecom!.updateTemplateCard(
    { all: true },
    card.response_code,
    weComApprovalCard(request, link, { replaceText: outcome, note: outcome }),
  );
  await setCard(deps.db, card, {
    state: 'closed',
    outcome,
    responseCode: null,
    lastError: null,
    closedAt: now,
  });
  return true;
}
