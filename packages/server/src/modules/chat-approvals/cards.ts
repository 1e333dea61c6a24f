import type { IssueRequest } from '@shopfloor/sdk';

/** What the approval card and the work notice show; pure, so tests read the same texts. */

const KIND_LABEL: Record<IssueRequest['kind'], string> = { issue: '领料', return: '退料', scrap: '报损' };

/** The H5 app's page of one request (hash routing under /app/, see docs/app.md). */
export function requestLink(publicUrl: string, requestId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/app/#/pages/issue-requests/index?id=${encodeURIComponent(requestId)}`;
}

/** WeCom task_id: unique per app, letters, digits and `_-@`, at most 128 characters. */
export const taskIdOf = (requestId: string) => `sf-ir-${requestId}`;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function summary(request: IssueRequest) {
  const title =
    `${request.emergency ? '紧急' : ''}${KIND_LABEL[request.kind]}申请 ${request.no ?? ''}`.trim();
  const lines = request.lines.map((l) => `${l.item} × ${l.qty}${l.location ? ` @ ${l.location}` : ''}`);
  return { title, lines };
}

/** Outcome texts: shown on the greyed button and in the card's subtitle once the request is decided. */
export function outcomeText(status: IssueRequest['status'], by: string | undefined): string {
  const who = by ?? '他人';
  switch (status) {
    case 'approved':
      return `已由${who}批准`;
    case 'partially-approved':
      return `已由${who}部分批准`;
    case 'rejected':
      return `已被${who}驳回`;
    case 'cancelled':
      return '申请人已撤回';
    default:
      return '待审批';
  }
}

/** The outcome of a decided request as the card tells it: the last decision and who took it. */
export function requestOutcome(request: IssueRequest): string {
  const last = request.approvals.at(-1);
  return outcomeText(request.status, last ? (last.approverName ?? last.approver) : undefined);
}

/**
 * The button_interaction card (https://developer.work.weixin.qq.com/document/path/90236):
 * 批准 / 驳回 call back with the keys approve / reject; 查看 and the card itself open the request in
 * the app. `replaceText` greys the buttons out with the outcome; `note` is a line for one reader
 * (why their press was refused).
 */
export function weComApprovalCard(
  request: IssueRequest,
  link: string,
  options: { replaceText?: string; note?: string } = {},
): Record<string, unknown> {
  const { title, lines } = summary(request);
  const horizontal = [
    { keyname: '仓库', value: clip(request.warehouseName ?? request.warehouse, 26) },
    { keyname: '申请人', value: clip(request.requesterName ?? request.requester, 26) },
    ...(request.workOrderNo ? [{ keyname: '工单', value: clip(request.workOrderNo, 26) }] : []),
  ];
  const shown = lines.slice(0, 4).join('\n') + (lines.length > 4 ? `\n…共 ${lines.length} 行` : '');
  return {
    card_type: 'button_interaction',
    source: { desc: '生产现场' },
    main_title: { title: clip(title, 26), desc: clip(request.comment ?? '', 30) },
    sub_title_text: clip(options.note ? `${options.note}\n${shown}` : shown, 112),
    horizontal_content_list: horizontal,
    card_action: { type: 1, url: link },
    task_id: taskIdOf(request.id),
    button_list: [
      { text: '批准', style: 1, key: 'approve' },
      { text: '驳回', style: 2, key: 'reject' },
      { text: '查看', style: 3, type: 1, url: link },
    ],
    ...(options.replaceText ? { replace_text: clip(options.replaceText, 20) } : {}),
  };
}

/** DingTalk's fallback: a work notice with an action card whose one button opens the request in the app. */
export function dingTalkApprovalNotice(request: IssueRequest, link: string) {
  const { title, lines } = summary(request);
  const markdown = [
    `### ${title}`,
    `仓库：${request.warehouseName ?? request.warehouse}`,
    `申请人：${request.requesterName ?? request.requester}`,
    ...(request.workOrderNo ? [`工单：${request.workOrderNo}`] : []),
    '',
    ...lines.slice(0, 10).map((l) => `- ${l}`),
    ...(lines.length > 10 ? [`- …共 ${lines.length} 行`] : []),
    '',
    '请在应用中审批。',
  ].join('\n');
  return { title, markdown, buttonTitle: '查看并审批', url: link };
}
