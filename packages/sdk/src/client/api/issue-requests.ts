import {
  ApproveIssueRequestInput,
  IssueRequest,
  IssueRequestInput,
  type IssueRequestQuery,
  RejectIssueRequestInput,
} from '../../schemas/issue-request.js';
import { validate } from '../../schemas/validate.js';
import type { Request } from '../request.js';
import { path } from '../url.js';
import { listMethods, type WriteOptions } from './shared.js';

export function issueRequestsApi(request: Request) {
  const post = (url: string, body: unknown, options: WriteOptions) =>
    request({
      method: 'POST',
      path: url,
      body,
      idempotencyKey: options.idempotencyKey,
      schema: IssueRequest,
    });
  return {
    ...listMethods<IssueRequest, IssueRequestQuery>(request, '/issue-requests', IssueRequest),
    get: async (id: string) =>
      request({ method: 'GET', path: path`/issue-requests/${id}`, schema: IssueRequest }),
    create: async (input: IssueRequestInput, options: WriteOptions = {}) =>
      post('/issue-requests', validate(IssueRequestInput, input, 'issue request'), options),
    /** Approves all lines as requested, or the quantities in `input.lines`. */
    approve: async (id: string, input: ApproveIssueRequestInput = {}, options: WriteOptions = {}) =>
      post(
        path`/issue-requests/${id}/approve`,
        validate(ApproveIssueRequestInput, input, 'approval'),
        options,
      ),
    reject: async (id: string, input: RejectIssueRequestInput, options: WriteOptions = {}) =>
      post(
        path`/issue-requests/${id}/reject`,
        validate(RejectIssueRequestInput, input, 'rejection'),
        options,
      ),
  };
}
