import {
  ApproveIssueRequestInput,
  IssueRequest,
  IssueRequestInput,
  IssueRequestQuery,
  Page,
  RejectIssueRequestInput,
} from '@shopfloor/sdk';
import { notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { createIssueRequest } from './create.js';
import { approveRequest, cancelRequest, rejectRequest, submitRequest } from './decide.js';
import { listRequests } from './list.js';
import { materialsRoute } from './materials-route.js';
import { canSee, requestViews } from './view.js';

const RequestParams = z.object({ id: z.uuid() });
const tags = ['issue-requests'];

const list = defineRoute({
  method: 'get',
  path: '/issue-requests',
  summary: 'Issue, return and scrap requests the caller may see, newest first (领料申请)',
  tags,
  auth: 'any',
  query: IssueRequestQuery,
  response: Page(IssueRequest),
  handler: ({ db, user, query }) => listRequests(db, user, query),
});

const get = defineRoute({
  method: 'get',
  path: '/issue-requests/{id}',
  summary: 'One request with its lines and approvals',
  tags,
  auth: 'any',
  params: RequestParams,
  response: IssueRequest,
  errors: [404],
  async handler({ db, user, params }) {
    const row = await db
      .selectFrom('issue_requests')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (!row || !canSee(user, row))
      throw notFound(`no issue request ${params.id}`, 'issue-request-not-found', { request: params.id });
    return (await requestViews(db, user.orgId, [row]))[0]!;
  },
});

const create = defineRoute({
  method: 'post',
  path: '/issue-requests',
  summary: 'Request material (issue), give it back (return) or write it off (scrap)',
  description:
    'For an issue to a work order, each line is checked against the BOM requirement of the work order ' +
    'minus what was already issued to it; a line above that needs a reason (400 at lines.N.reason).',
  tags,
  auth: ['operator', 'planner', 'storekeeper'],
  body: IssueRequestInput,
  response: IssueRequest,
  errors: [409],
  handler: (ctx) => createIssueRequest(ctx),
});

const approve = defineRoute({
  method: 'post',
  path: '/issue-requests/{id}/approve',
  summary: 'Approve a pending request, fully or partly; posts the stock movements at once',
  description:
    'Approvers and storekeepers, only for warehouses in their scope, never their own request. 409 insufficient-stock ' +
    'when a balance would go below zero: nothing is posted and the request stays pending.',
  tags,
  auth: ['approver', 'storekeeper'],
  params: RequestParams,
  body: ApproveIssueRequestInput,
  response: IssueRequest,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params, body }) => approveRequest({ db, deps, user, id: params.id }, body),
});

const reject = defineRoute({
  method: 'post',
  path: '/issue-requests/{id}/reject',
  summary: 'Reject a pending request with a comment for the requester',
  description: 'Approvers and storekeepers, only for warehouses in their scope, never their own request.',
  tags,
  auth: ['approver', 'storekeeper'],
  params: RequestParams,
  body: RejectIssueRequestInput,
  response: IssueRequest,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params, body }) =>
    rejectRequest({ db, deps, user, id: params.id }, body.comment),
});

const cancel = defineRoute({
  method: 'post',
  path: '/issue-requests/{id}/cancel',
  summary: 'The requester withdraws a pending (or draft) request',
  tags,
  auth: 'any',
  params: RequestParams,
  response: IssueRequest,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params }) => cancelRequest({ db, deps, user, id: params.id }),
});

const submit = defineRoute({
  method: 'post',
  path: '/issue-requests/{id}/submit',
  summary: 'The requester submits a draft for approval',
  tags,
  auth: 'any',
  params: RequestParams,
  response: IssueRequest,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params }) => submitRequest({ db, deps, user, id: params.id }),
});

export const issueRequestsRoutes: AnyRoute[] = [
  list,
  get,
  create,
  approve,
  reject,
  cancel,
  submit,
  materialsRoute,
];
