import type { AppDeps } from '../../deps.js';
import { HttpProblem } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import { findUserByPlatformId, toPrincipal } from '../auth/store.js';
import { approveRequest, rejectRequest } from '../issue-requests/decide.js';
import type { WeComTemplateCardEvent } from '../platform/callback-crypto/wecom.js';
import { platformClients } from '../platform/clients.js';
import { requestLink, weComApprovalCard } from './cards.js';
import { deliverCard, loadRequest } from './deliver.js';
import { claimSent, clickSeen, findCardByTask, firstClick } from './store.js';

/** The comment a rejection from the card leaves for the requester. */
export const CARD_REJECT_COMMENT = '在企业微信审批卡片上驳回';

export type CardClickOutcome =
  | 'ignored'
  | 'replay'
  | 'approved'
  | 'partially-approved'
  | 'rejected'
  | 'refused'
  | 'already-decided';

/** Why a press was refused, as the card tells the one who pressed. */
function refusal(problem: HttpProblem, warehouse: string): string {
  switch (problem.slug) {
    case 'own-request':
      return '不能审批自己的申请';
    case 'warehouse-out-of-scope':
      return `你不负责仓库 ${warehouse} 的审批`;
    case 'insufficient-stock':
      return '库存不足，未批准：请在应用中处理（可部分批准）';
    case 'forbidden':
      return '你没有审批权限';
    default:
      return `未处理：${problem.detail ?? problem.title}，请在应用中处理`;
  }
}

/**
 * A press of 批准 or 驳回 on a WeCom approval card, after the callback's crypto checked out. The
 * WeCom user acts as the Shopfloor user mapped to them, through the app's own approve/reject
 * (scope, never one's own request, stock, row lock): the card approves the full quantity; partial
 * approval stays in the app. The decided card is updated for everyone; a refusal is shown to the
 * one who pressed only. The same press seen twice (TaskId + user + ResponseCode) acts once.
 */
export async function handleCardClick(
  deps: AppDeps,
  event: WeComTemplateCardEvent,
): Promise<CardClickOutcome> {
  if (event.action !== 'approve' && event.action !== 'reject') return 'ignored';
  const card = await findCardByTask(deps.db, 'wecom', event.taskId);
  if (!card) return 'ignored';
  const key = JSON.stringify([
    event.taskId,
    event.userId,
    event.responseCode ?? `t${event.createTime}`,
    event.eventKey,
  ]);
  // A press is recorded with its decision (same transaction), or on its own when it decides
  // nothing: a decision that failed for another reason (a lost connection) is taken on WeCom's retry.
  const record = (db: Db = deps.db) => firstClick(db, 'wecom', key, deps.clock.now());
  if (await clickSeen(deps.db, 'wecom', key)) return 'replay';

  const request = await loadRequest(deps.db, card.org_id, card.request_id);
  if (!request) return 'ignored';
  const refuse = async (note: string): Promise<CardClickOutcome> => {
    if (!(await record())) return 'replay';
    if (!event.responseCode || !deps.config.publicUrl) return 'refused';
    try {
      await platformClients(deps).wecom!.updateTemplateCard(
        { userIds: [event.userId] },
        event.responseCode,
        weComApprovalCard(request, requestLink(deps.config.publicUrl, request.id), { note }),
      );
    } catch (err) {
      deps.logger.warn({ err, request: request.id }, 'could not tell the approver why the card was refused');
    }
    return 'refused';
  };

  const row = await findUserByPlatformId(deps.db, card.org_id, 'wecom', event.userId);
  if (!row?.active) return refuse('你的企业微信账号未关联生产现场用户，请在应用中登录');
  const user = toPrincipal(row);
  // The app's approve and reject routes need one of these roles (admin always passes).
  if (!user.roles.some((r) => r === 'admin' || r === 'approver' || r === 'storekeeper')) {
    return refuse('你没有审批权限');
  }
  let outcome: CardClickOutcome;
  try {
    const decided = await deps.db.transaction().execute(async (tx) => {
      if (!(await record(tx))) return undefined;
      const decision = { db: tx, deps, user, id: card.request_id };
      return event.action === 'approve'
        ? approveRequest(decision, {})
        : rejectRequest(decision, CARD_REJECT_COMMENT);
    });
    if (!decided) return 'replay';
    outcome = decided.status as CardClickOutcome;
  } catch (err) {
    if (!(err instanceof HttpProblem)) throw err;
    if (err.slug !== 'request-not-pending') return refuse(refusal(err, request.warehouse));
    if (!(await record())) return 'replay';
    outcome = 'already-decided';
  }
  // Decided, here or before: everyone's card shows who decided. The press's fresh code is spent on
  // it; should the update fail, the worker retries with the code kept on the card.
  const now = deps.clock.now();
  const claimed = await claimSent(deps.db, card, now, new Date(now.getTime() + 60_000), event.responseCode);
  if (claimed) await deliverCard(deps, claimed);
  return outcome;
}
