import {
  Page,
  Transfer,
  TransferDecisionInput,
  TransferInput,
  TransferQuery,
  TransferRejectInput,
} from '@shopfloor/sdk';
import { notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { createTransfer } from './create.js';
import { approveTransfer, rejectTransfer } from './decide.js';
import { listTransfers } from './list.js';
import { canSeeTransfer, transferViews } from './view.js';

const TransferParams = z.object({ id: z.uuid() });
const tags = ['transfers'];

const list = defineRoute({
  method: 'get',
  path: '/transfers',
  summary: 'Transfers (调拨) the caller may see, newest first; `warehouse` matches either end',
  tags,
  auth: 'any',
  query: TransferQuery,
  response: Page(Transfer),
  handler: ({ db, user, query }) => listTransfers(db, user, query),
});

const get = defineRoute({
  method: 'get',
  path: '/transfers/{id}',
  summary: 'One transfer with its lines',
  tags,
  auth: 'any',
  params: TransferParams,
  response: Transfer,
  errors: [404],
  async handler({ db, user, params }) {
    const row = await db
      .selectFrom('transfers')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (!row || !canSeeTransfer(user, row))
      throw notFound(`no transfer ${params.id}`, 'transfer-not-found', { transfer: params.id });
    return (await transferViews(db, user.orgId, [row]))[0]!;
  },
});

const create = defineRoute({
  method: 'post',
  path: '/transfers',
  summary: 'Move stock between locations (调拨); posted at once inside one warehouse by its storekeeper',
  description:
    "Lines name location codes: every `from` in one warehouse, every `to` in one (the receiving warehouse). A storekeeper of a warehouse moving stock inside it posts at once (status posted; 409 insufficient-stock and nothing is kept when a balance would go below zero); otherwise the transfer is pending until a storekeeper of the receiving warehouse other than the requester approves it. One movement pair per line (kind 'transfer'), the lot kept. Send an Idempotency-Key: a retry is applied once.",
  tags,
  auth: ['storekeeper', 'planner'],
  body: TransferInput,
  response: Transfer,
  errors: [409],
  handler: (ctx) => createTransfer(ctx),
});

const approve = defineRoute({
  method: 'post',
  path: '/transfers/{id}/approve',
  summary: 'A storekeeper of the receiving warehouse posts a pending transfer',
  description:
    'Never the requester. Stock is checked now: 409 insufficient-stock when a balance would go below zero, nothing is posted and the transfer stays pending.',
  tags,
  auth: ['storekeeper'],
  params: TransferParams,
  body: TransferDecisionInput,
  response: Transfer,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params, body }) =>
    approveTransfer({ db, deps, user, id: params.id, ...(body.comment ? { comment: body.comment } : {}) }),
});

const reject = defineRoute({
  method: 'post',
  path: '/transfers/{id}/reject',
  summary: 'A storekeeper of the receiving warehouse rejects a pending transfer, saying why',
  tags,
  auth: ['storekeeper'],
  params: TransferParams,
  body: TransferRejectInput,
  response: Transfer,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params, body }) =>
    rejectTransfer({ db, deps, user, id: params.id, comment: body.comment }),
});

export const transfersRoutes: AnyRoute[] = [list, get, create, approve, reject];
