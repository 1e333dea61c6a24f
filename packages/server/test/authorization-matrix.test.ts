import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../src/modules/index.js';
import { seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * Who may call what: every route of the registry × every role, and anonymous.
 *
 *   ✓    allowed: the role check passes (the probe below then answers its expected status, never 401/403)
 *   ✗    denied: 403 problem+json from the role check
 *   pub  public: no sign-in needed; anonymous callers are not refused either
 *
 * Anonymous callers get 401 on every route that is not public. Admin passes every role check.
 * A route added to `allRoutes()` without a row here fails the first test.
 */
const MATRIX = `
  route                                                 operator approver storekeeper planner admin
  GET    /health                                        pub      pub      pub         pub     pub
  GET    /health/checkup                                ✗        ✗        ✗           ✗       ✓
  GET    /health/checkup/history                        ✗        ✗        ✗           ✗       ✓
  POST   /auth/dev-login                                pub      pub      pub         pub     pub
  GET    /auth/config                                   pub      pub      pub         pub     pub
  GET    /auth/me                                       ✓        ✓        ✓           ✓       ✓
  POST   /auth/dingtalk                                 pub      pub      pub         pub     pub
  POST   /auth/wecom                                    pub      pub      pub         pub     pub
  GET    /auth/wecom/js-signature                       ✓        ✓        ✓           ✓       ✓
  GET    /platform/wecom/callback                       pub      pub      pub         pub     pub
  POST   /platform/wecom/callback                       pub      pub      pub         pub     pub
  GET    /users                                         ✗        ✗        ✗           ✗       ✓
  PUT    /users/{id}/roles                              ✗        ✗        ✗           ✗       ✓
  POST   /users                                         ✗        ✗        ✗           ✗       ✓
  PUT    /users/{id}                                    ✗        ✗        ✗           ✗       ✓
  GET    /role-requests                                 ✗        ✗        ✗           ✗       ✓
  POST   /role-requests/{id}/approve                    ✗        ✗        ✗           ✗       ✓
  POST   /role-requests/{id}/reject                     ✗        ✗        ✗           ✗       ✓
  GET    /auth/api-tokens                               ✗        ✗        ✗           ✗       ✓
  POST   /auth/api-tokens                               ✗        ✗        ✗           ✗       ✓
  DELETE /auth/api-tokens/{id}                          ✗        ✗        ✗           ✗       ✓
  GET    /audit                                         ✗        ✗        ✗           ✗       ✓
  GET    /items                                         ✓        ✓        ✓           ✓       ✓
  POST   /items                                         ✗        ✗        ✗           ✓       ✓
  GET    /items/{code}                                  ✓        ✓        ✓           ✓       ✓
  PUT    /items/{code}                                  ✗        ✗        ✗           ✓       ✓
  GET    /items/{code}/where-used                       ✓        ✓        ✓           ✓       ✓
  PUT    /boms/{parentCode}                             ✗        ✗        ✗           ✓       ✓
  POST   /boms/import                                   ✗        ✗        ✗           ✓       ✓
  GET    /boms/{code}                                   ✓        ✓        ✓           ✓       ✓
  GET    /boms/{code}/explosion                         ✓        ✓        ✓           ✓       ✓
  GET    /warehouses                                    ✓        ✓        ✓           ✓       ✓
  GET    /warehouses/{code}                             ✓        ✓        ✓           ✓       ✓
  POST   /warehouses                                    ✗        ✗        ✗           ✗       ✓
  PUT    /warehouses/{code}                             ✗        ✗        ✗           ✗       ✓
  DELETE /warehouses/{code}                             ✗        ✗        ✗           ✗       ✓
  GET    /locations                                     ✓        ✓        ✓           ✓       ✓
  GET    /locations/{code}                              ✓        ✓        ✓           ✓       ✓
  POST   /locations                                     ✗        ✗        ✓           ✗       ✓
  PUT    /locations/{code}                              ✗        ✗        ✓           ✗       ✓
  DELETE /locations/{code}                              ✗        ✗        ✓           ✗       ✓
  GET    /workshops                                     ✓        ✓        ✓           ✓       ✓
  GET    /workshops/{code}                              ✓        ✓        ✓           ✓       ✓
  POST   /workshops                                     ✗        ✗        ✗           ✗       ✓
  PUT    /workshops/{code}                              ✗        ✗        ✗           ✗       ✓
  DELETE /workshops/{code}                              ✗        ✗        ✗           ✗       ✓
  GET    /work-centers                                  ✓        ✓        ✓           ✓       ✓
  GET    /work-centers/{code}                           ✓        ✓        ✓           ✓       ✓
  POST   /work-centers                                  ✗        ✗        ✗           ✓       ✓
  PUT    /work-centers/{code}                           ✗        ✗        ✗           ✓       ✓
  DELETE /work-centers/{code}                           ✗        ✗        ✗           ✓       ✓
  GET    /work-centers/load                             ✗        ✗        ✗           ✓       ✓
  GET    /analytics/team-comparison                     ✗        ✗        ✗           ✓       ✓
  GET    /routings/{item}                               ✓        ✓        ✓           ✓       ✓
  PUT    /routings/{item}                               ✗        ✗        ✗           ✓       ✓
  GET    /work-orders                                   ✓        ✓        ✓           ✓       ✓
  POST   /work-orders                                   ✗        ✗        ✗           ✓       ✓
  GET    /work-orders/{no}                              ✓        ✓        ✓           ✓       ✓
  POST   /work-orders/{no}/release                      ✗        ✗        ✗           ✓       ✓
  PUT    /work-orders/{no}/operations/{seq}/owner       ✗        ✗        ✗           ✓       ✓
  POST   /work-orders/{no}/hold                         ✗        ✗        ✗           ✓       ✓
  POST   /work-orders/{no}/resume                       ✗        ✗        ✗           ✓       ✓
  POST   /work-orders/{no}/cancel                       ✗        ✗        ✗           ✓       ✓
  POST   /work-orders/{no}/close                        ✗        ✗        ✗           ✓       ✓
  GET    /work-orders/{no}/labels                       ✓        ✓        ✓           ✓       ✓
  GET    /work-orders/{no}/materials                    ✓        ✓        ✓           ✓       ✓
  POST   /work-orders/{no}/operations/{seq}/reports     ✓        ✗        ✗           ✗       ✓
  GET    /work-orders/{no}/operations/{seq}/reports     ✓        ✓        ✓           ✓       ✓
  GET    /lots/{code}                                   ✓        ✓        ✓           ✓       ✓
  GET    /lots/{code}/trace                             ✓        ✓        ✓           ✓       ✓
  GET    /issue-requests                                ✓        ✓        ✓           ✓       ✓
  GET    /issue-requests/{id}                           ✓        ✓        ✓           ✓       ✓
  POST   /issue-requests                                ✓        ✗        ✓           ✓       ✓
  POST   /issue-requests/{id}/approve                   ✗        ✓        ✓           ✗       ✓
  POST   /issue-requests/{id}/reject                    ✗        ✓        ✓           ✗       ✓
  POST   /issue-requests/{id}/cancel                    ✓        ✓        ✓           ✓       ✓
  POST   /issue-requests/{id}/submit                    ✓        ✓        ✓           ✓       ✓
  GET    /stock/balances                                ✓        ✓        ✓           ✓       ✓
  GET    /stock/movements                               ✓        ✓        ✓           ✓       ✓
  POST   /stock/receipts                                ✗        ✗        ✓           ✗       ✓
  GET    /transfers                                     ✓        ✓        ✓           ✓       ✓
  GET    /transfers/{id}                                ✓        ✓        ✓           ✓       ✓
  POST   /transfers                                     ✗        ✗        ✓           ✓       ✓
  POST   /transfers/{id}/approve                        ✗        ✗        ✓           ✗       ✓
  POST   /transfers/{id}/reject                         ✗        ✗        ✓           ✗       ✓
  POST   /cycle-counts/plans                            ✗        ✗        ✓           ✓       ✓
  GET    /cycle-counts                                  ✗        ✓        ✓           ✓       ✓
  POST   /cycle-counts                                  ✗        ✗        ✓           ✗       ✓
  GET    /cycle-counts/accuracy                         ✗        ✓        ✓           ✓       ✓
  GET    /cycle-counts/{id}                             ✗        ✓        ✓           ✓       ✓
  POST   /cycle-counts/{id}/count                       ✗        ✗        ✓           ✗       ✓
  POST   /cycle-counts/{id}/approve                     ✗        ✓        ✓           ✗       ✓
  POST   /cycle-counts/{id}/reject                      ✗        ✓        ✓           ✗       ✓
  POST   /cycle-counts/{id}/recount                     ✗        ✓        ✓           ✗       ✓
  GET    /cycle-counts/{id}/explanation                 ✗        ✓        ✓           ✓       ✓
  GET    /alerts                                        ✓        ✓        ✓           ✓       ✓
  POST   /alerts/{id}/acknowledge                       ✓        ✓        ✓           ✓       ✓
  GET    /alerts/{id}/notifications                     ✗        ✗        ✗           ✓       ✓
  GET    /alert-rules                                   ✗        ✗        ✗           ✓       ✓
  POST   /alert-rules                                   ✗        ✗        ✗           ✗       ✓
  PUT    /alert-rules/{id}                              ✗        ✗        ✗           ✗       ✓
  DELETE /alert-rules/{id}                              ✗        ✗        ✗           ✗       ✓
  GET    /sync/connectors                               ✗        ✗        ✗           ✓       ✓
  POST   /sync/connectors                               ✗        ✗        ✗           ✗       ✓
  PUT    /sync/connectors/{id}                          ✗        ✗        ✗           ✗       ✓
  DELETE /sync/connectors/{id}                          ✗        ✗        ✗           ✗       ✓
  GET    /sync/events                                   ✗        ✗        ✗           ✓       ✓
  POST   /sync/events/{id}/retry                        ✗        ✗        ✗           ✗       ✓
  POST   /sync/inbound/{connectorId}                    ✗        ✗        ✗           ✗       ✓
  GET    /sync/inbound/{connectorId}/records            ✗        ✗        ✗           ✓       ✓
  GET    /sync/connectors/{id}/runs                     ✗        ✗        ✗           ✓       ✓
  POST   /sync/connectors/{id}/run                      ✗        ✗        ✗           ✗       ✓
  GET    /sync/connectors/{id}/mapping                  ✗        ✗        ✗           ✓       ✓
  PUT    /sync/connectors/{id}/mapping                  ✗        ✗        ✗           ✗       ✓
  GET    /sync/connectors/{id}/mapping/versions         ✗        ✗        ✗           ✓       ✓
  GET    /sync/mapping-templates                        ✗        ✗        ✗           ✓       ✓
  GET    /sync/mapping-templates/{name}                 ✗        ✗        ✗           ✓       ✓
  GET    /setup/workbook.xlsx                           ✗        ✗        ✗           ✗       ✓
  POST   /setup/workbook                                ✗        ✗        ✗           ✗       ✓
  POST   /backups                                       ✗        ✗        ✗           ✗       ✓
  GET    /backups                                       ✗        ✗        ✗           ✗       ✓
  GET    /backups/{id}/file                             ✗        ✗        ✗           ✗       ✓
  POST   /reconciliations                               ✗        ✗        ✓           ✓       ✓
  GET    /reconciliations                               ✗        ✗        ✓           ✓       ✓
  GET    /reconciliations/summary                       ✗        ✗        ✓           ✓       ✓
  GET    /reconciliations/schedules                     ✗        ✗        ✓           ✓       ✓
  PUT    /reconciliations/schedules/{connectorId}       ✗        ✗        ✗           ✗       ✓
  DELETE /reconciliations/schedules/{connectorId}       ✗        ✗        ✗           ✗       ✓
  GET    /reconciliations/{id}                          ✗        ✗        ✓           ✓       ✓
`;

/** The fixture user who plays each role (one role each, see fixtures.ts). */
const ACTORS = {
  operator: 'op-li', // 李师傅, workshop WS-ASM
  approver: 'ap-zhao', // 赵主管, warehouse WH-RM
  storekeeper: 'sk-sun', // 孙仓管, WH-RM and WH-FG
  planner: 'pl-zhou', // 周计划
  admin: 'admin',
} as const;
type RoleName = keyof typeof ACTORS;
type Cell = '✓' | '✗' | 'pub';

interface Probe {
  /** The concrete path (relative to /api/v1). */
  path: string;
  query?: Record<string, string>;
  /** JSON body; `[]` is a deliberately invalid one (400 once past the role check, nothing written). */
  body?: unknown;
  /** What an allowed caller hears: the probes never change data (bad bodies, unknown ids) or only read. */
  allowed: number;
}

const NO_SUCH_UUID = randomUUID();
const BAD_BODY: unknown[] = [];

/**
 * One request per route. Allowed callers get past the role check and then hear `allowed`;
 * the request never changes data, so the same probe serves every role.
 */
const PROBES: Record<string, Probe> = {
  'GET /health': { path: '/health', allowed: 200 },
  'GET /health/checkup': { path: '/health/checkup', allowed: 200 },
  'GET /health/checkup/history': { path: '/health/checkup/history', allowed: 200 },
  'POST /auth/dev-login': { path: '/auth/dev-login', body: { userId: 'op-li' }, allowed: 200 },
  'GET /auth/config': { path: '/auth/config', allowed: 200 },
  'GET /auth/me': { path: '/auth/me', allowed: 200 },
  // Demo mode has no platform configured: the logins answer 404 (platform.test.ts signs in for real).
  'POST /auth/dingtalk': { path: '/auth/dingtalk', body: { code: 'x' }, allowed: 404 },
  'POST /auth/wecom': { path: '/auth/wecom', body: { code: 'x' }, allowed: 404 },
  'GET /auth/wecom/js-signature': {
    path: '/auth/wecom/js-signature',
    query: { url: 'https://shopfloor.example/app/', kind: 'corp' },
    allowed: 404,
  },
  // Called by WeCom, signed with the callback Token: not configured in demo mode (chat-approvals.test.ts).
  'GET /platform/wecom/callback': { path: '/platform/wecom/callback', allowed: 404 },
  'POST /platform/wecom/callback': { path: '/platform/wecom/callback', body: {}, allowed: 404 },
  'GET /users': { path: '/users', allowed: 200 },
  'PUT /users/{id}/roles': { path: '/users/op-wang/roles', body: BAD_BODY, allowed: 400 },
  'POST /users': { path: '/users', body: BAD_BODY, allowed: 400 },
  'PUT /users/{id}': { path: '/users/op-wang', body: BAD_BODY, allowed: 400 },
  'GET /role-requests': { path: '/role-requests', allowed: 200 },
  'POST /role-requests/{id}/approve': { path: '/role-requests/999999/approve', allowed: 404 },
  'POST /role-requests/{id}/reject': { path: '/role-requests/999999/reject', allowed: 404 },
  'GET /auth/api-tokens': { path: '/auth/api-tokens', allowed: 200 },
  'POST /auth/api-tokens': { path: '/auth/api-tokens', body: BAD_BODY, allowed: 400 },
  'DELETE /auth/api-tokens/{id}': { path: '/auth/api-tokens/no-such-token', allowed: 404 },
  'GET /audit': { path: '/audit', allowed: 200 },
  'GET /items': { path: '/items', allowed: 200 },
  'POST /items': { path: '/items', body: BAD_BODY, allowed: 400 },
  'GET /items/{code}': { path: '/items/TABLE', allowed: 200 },
  'PUT /items/{code}': { path: '/items/TABLE', body: BAD_BODY, allowed: 400 },
  'GET /items/{code}/where-used': { path: '/items/LEG/where-used', allowed: 200 },
  'PUT /boms/{parentCode}': { path: '/boms/TABLE', body: BAD_BODY, allowed: 400 },
  'POST /boms/import': { path: '/boms/import', body: BAD_BODY, allowed: 400 },
  'GET /boms/{code}': { path: '/boms/TABLE', allowed: 200 },
  'GET /boms/{code}/explosion': { path: '/boms/TABLE/explosion', query: { qty: '2' }, allowed: 200 },
  'GET /warehouses': { path: '/warehouses', allowed: 200 },
  'GET /warehouses/{code}': { path: '/warehouses/WH-RM', allowed: 200 },
  'POST /warehouses': { path: '/warehouses', body: BAD_BODY, allowed: 400 },
  'PUT /warehouses/{code}': { path: '/warehouses/WH-RM', body: BAD_BODY, allowed: 400 },
  'DELETE /warehouses/{code}': { path: '/warehouses/NO-SUCH', allowed: 404 },
  'GET /locations': { path: '/locations', allowed: 200 },
  'GET /locations/{code}': { path: '/locations/RM-A01', allowed: 200 },
  'POST /locations': { path: '/locations', body: BAD_BODY, allowed: 400 },
  'PUT /locations/{code}': { path: '/locations/RM-A01', body: BAD_BODY, allowed: 400 },
  'DELETE /locations/{code}': { path: '/locations/NO-SUCH', allowed: 404 },
  'GET /workshops': { path: '/workshops', allowed: 200 },
  'GET /workshops/{code}': { path: '/workshops/WS-ASM', allowed: 200 },
  'POST /workshops': { path: '/workshops', body: BAD_BODY, allowed: 400 },
  'PUT /workshops/{code}': { path: '/workshops/WS-ASM', body: BAD_BODY, allowed: 400 },
  'DELETE /workshops/{code}': { path: '/workshops/NO-SUCH', allowed: 404 },
  'GET /work-centers': { path: '/work-centers', allowed: 200 },
  'GET /work-centers/{code}': { path: '/work-centers/NO-SUCH', allowed: 404 },
  'POST /work-centers': { path: '/work-centers', body: BAD_BODY, allowed: 400 },
  'PUT /work-centers/{code}': { path: '/work-centers/NO-SUCH', body: BAD_BODY, allowed: 400 },
  'DELETE /work-centers/{code}': { path: '/work-centers/NO-SUCH', allowed: 404 },
  'GET /work-centers/load': {
    path: '/work-centers/load',
    query: { from: '2026-11-25', to: '2026-12-05' },
    allowed: 200,
  },
  'GET /analytics/team-comparison': {
    path: '/analytics/team-comparison',
    query: { from: '2026-11-01', to: '2026-12-05' },
    allowed: 200,
  },
  'GET /routings/{item}': { path: '/routings/TABLE', allowed: 200 },
  'PUT /routings/{item}': { path: '/routings/TABLE', body: BAD_BODY, allowed: 400 },
  'GET /work-orders': { path: '/work-orders', allowed: 200 },
  'POST /work-orders': { path: '/work-orders', body: BAD_BODY, allowed: 400 },
  'GET /work-orders/{no}': { path: '/work-orders/WO-STK-1', allowed: 200 },
  'POST /work-orders/{no}/release': { path: '/work-orders/WO-NO-SUCH/release', allowed: 404 },
  'PUT /work-orders/{no}/operations/{seq}/owner': {
    path: '/work-orders/WO-NO-SUCH/operations/10/owner',
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /work-orders/{no}/hold': {
    path: '/work-orders/WO-NO-SUCH/hold',
    body: { reason: '缺料' },
    allowed: 404,
  },
  'POST /work-orders/{no}/resume': { path: '/work-orders/WO-NO-SUCH/resume', allowed: 404 },
  'POST /work-orders/{no}/cancel': {
    path: '/work-orders/WO-NO-SUCH/cancel',
    body: { reason: '取消' },
    allowed: 404,
  },
  'POST /work-orders/{no}/close': {
    path: '/work-orders/WO-NO-SUCH/close',
    body: { short: true, reason: '短关' },
    allowed: 404,
  },
  'GET /work-orders/{no}/labels': { path: '/work-orders/WO-STK-1/labels', allowed: 200 },
  'GET /work-orders/{no}/materials': { path: '/work-orders/WO-STK-1/materials', allowed: 200 },
  'POST /work-orders/{no}/operations/{seq}/reports': {
    path: '/work-orders/WO-STK-1/operations/10/reports',
    body: BAD_BODY,
    allowed: 400,
  },
  'GET /work-orders/{no}/operations/{seq}/reports': {
    path: '/work-orders/WO-STK-1/operations/10/reports',
    allowed: 200,
  },
  'GET /lots/{code}': { path: '/lots/NO-SUCH-LOT', allowed: 404 },
  'GET /lots/{code}/trace': {
    path: '/lots/NO-SUCH-LOT/trace',
    query: { direction: 'backward' },
    allowed: 404,
  },
  'GET /issue-requests': { path: '/issue-requests', allowed: 200 },
  'GET /issue-requests/{id}': { path: `/issue-requests/${NO_SUCH_UUID}`, allowed: 404 },
  'POST /issue-requests': { path: '/issue-requests', body: BAD_BODY, allowed: 400 },
  'POST /issue-requests/{id}/approve': {
    path: `/issue-requests/${NO_SUCH_UUID}/approve`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /issue-requests/{id}/reject': {
    path: `/issue-requests/${NO_SUCH_UUID}/reject`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /issue-requests/{id}/cancel': { path: `/issue-requests/${NO_SUCH_UUID}/cancel`, allowed: 404 },
  'POST /issue-requests/{id}/submit': { path: `/issue-requests/${NO_SUCH_UUID}/submit`, allowed: 404 },
  'GET /stock/balances': { path: '/stock/balances', allowed: 200 },
  'GET /stock/movements': { path: '/stock/movements', allowed: 200 },
  'POST /stock/receipts': { path: '/stock/receipts', body: BAD_BODY, allowed: 400 },
  'GET /transfers': { path: '/transfers', allowed: 200 },
  'GET /transfers/{id}': { path: `/transfers/${NO_SUCH_UUID}`, allowed: 404 },
  'POST /transfers': { path: '/transfers', body: BAD_BODY, allowed: 400 },
  'POST /transfers/{id}/approve': {
    path: `/transfers/${NO_SUCH_UUID}/approve`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /transfers/{id}/reject': { path: `/transfers/${NO_SUCH_UUID}/reject`, body: BAD_BODY, allowed: 400 },
  'POST /cycle-counts/plans': { path: '/cycle-counts/plans', body: BAD_BODY, allowed: 400 },
  'GET /cycle-counts': { path: '/cycle-counts', allowed: 200 },
  'POST /cycle-counts': { path: '/cycle-counts', body: BAD_BODY, allowed: 400 },
  'GET /cycle-counts/accuracy': { path: '/cycle-counts/accuracy', allowed: 200 },
  'GET /cycle-counts/{id}': { path: `/cycle-counts/${NO_SUCH_UUID}`, allowed: 404 },
  'POST /cycle-counts/{id}/count': {
    path: `/cycle-counts/${NO_SUCH_UUID}/count`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /cycle-counts/{id}/approve': {
    path: `/cycle-counts/${NO_SUCH_UUID}/approve`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /cycle-counts/{id}/reject': {
    path: `/cycle-counts/${NO_SUCH_UUID}/reject`,
    body: BAD_BODY,
    allowed: 400,
  },
  'POST /cycle-counts/{id}/recount': {
    path: `/cycle-counts/${NO_SUCH_UUID}/recount`,
    body: BAD_BODY,
    allowed: 400,
  },
  'GET /cycle-counts/{id}/explanation': { path: `/cycle-counts/${NO_SUCH_UUID}/explanation`, allowed: 404 },
  'GET /alerts': { path: '/alerts', allowed: 200 },
  'POST /alerts/{id}/acknowledge': { path: `/alerts/${NO_SUCH_UUID}/acknowledge`, allowed: 404 },
  'GET /alerts/{id}/notifications': { path: `/alerts/${NO_SUCH_UUID}/notifications`, allowed: 404 },
  'GET /alert-rules': { path: '/alert-rules', allowed: 200 },
  'POST /alert-rules': { path: '/alert-rules', body: BAD_BODY, allowed: 400 },
  'PUT /alert-rules/{id}': { path: `/alert-rules/${NO_SUCH_UUID}`, body: BAD_BODY, allowed: 400 },
  'DELETE /alert-rules/{id}': { path: `/alert-rules/${NO_SUCH_UUID}`, allowed: 404 },
  'GET /sync/connectors': { path: '/sync/connectors', allowed: 200 },
  'POST /sync/connectors': { path: '/sync/connectors', body: BAD_BODY, allowed: 400 },
  'PUT /sync/connectors/{id}': { path: '/sync/connectors/webhook-nope', body: BAD_BODY, allowed: 400 },
  'DELETE /sync/connectors/{id}': { path: '/sync/connectors/webhook-nope', allowed: 404 },
  'GET /sync/events': { path: '/sync/events', allowed: 200 },
  'POST /sync/events/{id}/retry': { path: '/sync/events/987654321/retry', allowed: 404 },
  'POST /sync/inbound/{connectorId}': { path: '/sync/inbound/erp-nope', body: BAD_BODY, allowed: 400 },
  'GET /sync/inbound/{connectorId}/records': { path: '/sync/inbound/erp-nope/records', allowed: 404 },
  'GET /sync/connectors/{id}/runs': { path: '/sync/connectors/database-nope/runs', allowed: 404 },
  'POST /sync/connectors/{id}/run': { path: '/sync/connectors/database-nope/run', allowed: 404 },
  'GET /sync/connectors/{id}/mapping': { path: '/sync/connectors/webhook-nope/mapping', allowed: 404 },
  'PUT /sync/connectors/{id}/mapping': {
    path: '/sync/connectors/webhook-nope/mapping',
    body: BAD_BODY,
    allowed: 400,
  },
  'GET /sync/connectors/{id}/mapping/versions': {
    path: '/sync/connectors/webhook-nope/mapping/versions',
    allowed: 404,
  },
  'GET /sync/mapping-templates': { path: '/sync/mapping-templates', allowed: 200 },
  'GET /sync/mapping-templates/{name}': { path: '/sync/mapping-templates/kingdee-k3cloud', allowed: 200 },
  'GET /setup/workbook.xlsx': { path: '/setup/workbook.xlsx', allowed: 200 },
  // A JSON body is not a workbook: 415 once past the role check.
  'POST /setup/workbook': { path: '/setup/workbook', body: BAD_BODY, allowed: 415 },
  // The test server has no SHOPFLOOR_BACKUP_DIR: an allowed caller hears 409, nothing is written.
  'POST /backups': { path: '/backups', allowed: 409 },
  'GET /backups': { path: '/backups', allowed: 200 },
  'GET /backups/{id}/file': { path: '/backups/999999/file', allowed: 404 },
  // No kind: 400 once past the role check (a storekeeper runs stock, a planner work orders).
  'POST /reconciliations': { path: '/reconciliations', body: BAD_BODY, allowed: 400 },
  'GET /reconciliations': { path: '/reconciliations', allowed: 200 },
  'GET /reconciliations/summary': {
    path: '/reconciliations/summary',
    query: { month: '2026-11' },
    allowed: 200,
  },
  'GET /reconciliations/schedules': { path: '/reconciliations/schedules', allowed: 200 },
  'PUT /reconciliations/schedules/{connectorId}': {
    path: '/reconciliations/schedules/webhook-nope',
    body: BAD_BODY,
    allowed: 400,
  },
  'DELETE /reconciliations/schedules/{connectorId}': {
    path: '/reconciliations/schedules/webhook-nope',
    allowed: 404,
  },
  'GET /reconciliations/{id}': { path: `/reconciliations/${NO_SUCH_UUID}`, allowed: 404 },
};

interface Row {
  key: string;
  method: string;
  path: string;
  cells: Record<RoleName, Cell>;
}

function parseMatrix(text: string): Row[] {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const roles = header!.slice(1) as RoleName[];
  expect(roles).toEqual(Object.keys(ACTORS));
  return lines.map(([method, path, ...cells]) => {
    expect(cells, `${method} ${path}: one cell per role`).toHaveLength(roles.length);
    for (const cell of cells) expect(['✓', '✗', 'pub']).toContain(cell);
    return {
      key: `${method} ${path}`,
      method: method!,
      path: path!,
      cells: Object.fromEntries(roles.map((r, i) => [r, cells[i] as Cell])) as Record<RoleName, Cell>,
    };
  });
}

const ROWS = parseMatrix(MATRIX);
const registryKeys = allRoutes().map((r) => `${r.method.toUpperCase()} ${r.path}`);

describe('the authorization matrix itself', () => {
  it('has exactly one row and one probe for every route of the registry', () => {
    const rowKeys = ROWS.map((r) => r.key);
    expect(new Set(rowKeys).size, 'a route listed twice').toBe(rowKeys.length);
    expect([...rowKeys].sort(), 'matrix rows vs allRoutes()').toEqual([...registryKeys].sort());
    expect(Object.keys(PROBES).sort(), 'probes vs allRoutes()').toEqual([...registryKeys].sort());
  });

  it('marks a route public for all roles or for none', () => {
    for (const row of ROWS) {
      const publicCells = Object.values(row.cells).filter((c) => c === 'pub').length;
      expect([0, 5], row.key).toContain(publicCells);
    }
  });

  it('lets admin through every role check', () => {
    for (const row of ROWS) expect(row.cells.admin, row.key).not.toBe('✗');
  });
});

describe.each(backends())('authorization matrix on %s', (backend) => {
  let server: TestServer;
  const tokens = {} as Record<RoleName, string>;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
    for (const [role, userId] of Object.entries(ACTORS))
      tokens[role as RoleName] = await server.token(userId);
  });
  afterAll(() => server?.close());

  async function call(probe: Probe, method: string, token?: string) {
    const url = new URL(`${server.url}/api/v1${probe.path}`);
    for (const [k, v] of Object.entries(probe.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (probe.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      ...(probe.body !== undefined ? { body: JSON.stringify(probe.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text };
  }

  describe.each(ROWS.map((r) => [r.key, r] as const))('%s', (_key, row) => {
    const probe = PROBES[row.key]!;

    it.each(Object.keys(ACTORS) as RoleName[])('as %s', async (role) => {
      const res = await call(probe, row.method, tokens[role]);
      const where = `${row.key} as ${role}: ${res.status} ${res.text.slice(0, 200)}`;
      if (row.cells[role] === '✗') {
        expect(res.status, where).toBe(403);
        expect(res.type, where).toContain('application/problem+json');
        const problem = JSON.parse(res.text);
        expect(problem, where).toMatchObject({ type: '/problems/forbidden', status: 403 });
        expect(problem.detail, where).toContain('this needs the role');
      } else {
        expect([401, 403], where).not.toContain(res.status);
        expect(res.status, where).toBe(probe.allowed);
      }
    });

    it('as anonymous', async () => {
      const res = await call(probe, row.method);
      const where = `${row.key} anonymous: ${res.status} ${res.text.slice(0, 200)}`;
      if (row.cells.admin === 'pub') {
        expect([401, 403], where).not.toContain(res.status);
        expect(res.status, where).toBe(probe.allowed);
      } else {
        expect(res.status, where).toBe(401);
        expect(res.type, where).toContain('application/problem+json');
        expect(JSON.parse(res.text), where).toMatchObject({ type: '/problems/unauthorized', status: 401 });
      }
    });
  });

  it('serves the OpenAPI document without sign-in (outside the registry)', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe('3.1.0');
  });

  it('changed no data: every probe was refused or answered without writing', async () => {
    const db = server.database.db;
    const count = async (table: 'audit_log' | 'outbox_events' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('outbox_events')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  /**
   * Scope rules past the role check (more cases in issue-requests.test.ts, production-reports.test.ts
   * and stock.test.ts): each refusal is a 403 problem and leaves the request pending.
   */
  describe('scopes', () => {
    const api = async (userId: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await server.token(userId)}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
    };
    const request = async (userId: string, warehouse: string, location: string) => {
      const res = await api(userId, 'POST', '/issue-requests', {
        warehouse,
        lines: [{ item: 'LEG', qty: 1, location }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    /** 403 when the caller sees the request but may not decide it; 404 when he may not even see it. */
    const expectRefused = async (userId: string, id: string, status: 403 | 404, detail: string) => {
      for (const [verb, body] of [
        ['approve', {}],
        ['reject', { comment: '不行' }],
      ] as const) {
        const res = await api(userId, 'POST', `/issue-requests/${id}/${verb}`, body);
        expect(res.status, `${userId} ${verb}s ${id}`).toBe(status);
        expect(res.type).toContain('application/problem+json');
        expect(res.body.detail).toBe(detail.replace('VERB', verb));
      }
      const after = await api('admin', 'GET', `/issue-requests/${id}`);
      expect(after.body).toMatchObject({ status: 'pending', approvals: [] });
    };

    it('approvers and storekeepers decide only for their warehouses', async () => {
      const rm = await request('op-li', 'WH-RM', 'RM-A01');
      const fg = await request('pl-zhou', 'WH-FG', 'FG-01');
      // 钱主管 approves for WH-FG; as a planner he sees every request, so he hears why: 403.
      await expectRefused('ap-qian', rm, 403, 'you do not approve for warehouse WH-RM');
      // 赵主管 (approver of WH-RM) and 吴仓管 (storekeeper of WH-FG) do not even see the other
      // warehouse's request: 404, as GET answers them.
      await expectRefused('ap-zhao', fg, 404, `no issue request ${fg}`);
      await expectRefused('sk-fg', rm, 404, `no issue request ${rm}`);
      expect((await api('sk-fg', 'GET', `/issue-requests/${rm}`)).status).toBe(404);
    });

    it('nobody decides his own request, whatever his roles and warehouses', async () => {
      // 钱主管 is approver (WH-FG) and planner: he may request and approve for WH-FG, not both at once.
      // 孙仓管 keeps WH-RM and WH-FG; the admin passes every role and scope check but this one.
      for (const [userId, warehouse, location] of [
        ['ap-qian', 'WH-FG', 'FG-01'],
        ['sk-sun', 'WH-RM', 'RM-A01'],
        ['admin', 'WH-RM', 'RM-A01'],
      ] as const) {
        const own = await request(userId, warehouse, location);
        await expectRefused(userId, own, 403, 'you cannot VERB your own request');
      }
    });

    it('an operator sees and reports only work orders of his workshop', async () => {
      // WO-STK-1 has one operation, in 总装车间 (WS-ASM); 王师傅 works in 机加车间 (WS-MCH).
      const report = { goodQty: 1, scrapQty: 0, deviceTime: '2026-11-25T09:00:00+08:00' };
      const refused = await api('op-wang', 'POST', '/work-orders/WO-STK-1/operations/10/reports', report);
      expect(refused.status).toBe(403);
      expect(refused.type).toContain('application/problem+json');
      expect((await api('op-wang', 'GET', '/work-orders/WO-STK-1')).status).toBe(403);
      expect((await api('op-li', 'GET', '/work-orders/WO-STK-1')).status).toBe(200);
      const reports = await api('admin', 'GET', '/work-orders/WO-STK-1/operations/10/reports');
      expect(reports.body.items).toEqual([]);
    });
  });
});
