/**
 * The operationId of each route the SDK's typed client (`@shopfloor/sdk`, `createClient`) calls:
 * the SDK method's name, `client.workOrders.create` → `workOrders_create`. Identifier-safe in every
 * generator (openapi-typescript, openapi-generator, orval), and a developer gets back to the SDK by
 * reading `_` as `.`. Routes not listed keep the ids made from method and path (`getHealthCheckup`),
 * which never hold `_`, so the two kinds can not collide.
 *
 * Keys are `METHOD path` with the server's path template (parameter names do not matter).
 * `also`: further SDK methods that call the same route (`list` pages through what `listPage` reads
 * one page of); the operation is named after the first. test/openapi-sdk-names.test.ts drives every
 * method of a real client and fails when a method and this table disagree.
 */
export const SDK_OPERATIONS: Readonly<Record<string, { sdk: string; also?: readonly string[] }>> = {
  'GET /health': { sdk: 'health' },

  'GET /auth/config': { sdk: 'auth.config' },
  'POST /auth/dingtalk': { sdk: 'auth.dingtalk' },
  'POST /auth/wecom': { sdk: 'auth.wecom' },
  'GET /auth/wecom/js-signature': { sdk: 'auth.wecomJsSignature' },
  'POST /auth/dev-login': { sdk: 'auth.devLogin' },

  'GET /items': { sdk: 'items.list', also: ['items.listPage'] },
  'POST /items': { sdk: 'items.create' },
  'GET /items/{code}': { sdk: 'items.get' },
  'GET /items/{code}/where-used': { sdk: 'items.whereUsed' },

  'PUT /boms/{code}': { sdk: 'boms.put' },
  'POST /boms/import': { sdk: 'boms.import' },
  'GET /boms/{code}/explosion': { sdk: 'boms.explosion', also: ['boms.explosionTree'] },

  'GET /work-orders': { sdk: 'workOrders.list', also: ['workOrders.listPage', 'workOrders.board'] },
  'POST /work-orders': { sdk: 'workOrders.create' },
  'GET /work-orders/{no}': { sdk: 'workOrders.get' },
  'POST /work-orders/{no}/release': { sdk: 'workOrders.release' },
  'GET /work-orders/{no}/materials': { sdk: 'workOrders.materials' },
  // The SDK builds this URL (for a browser to open) rather than fetching it.
  'GET /work-orders/{no}/labels': { sdk: 'workOrders.labelsUrl' },

  'POST /work-orders/{no}/operations/{seq}/reports': { sdk: 'reports.create' },

  'GET /issue-requests': { sdk: 'issueRequests.list', also: ['issueRequests.listPage'] },
  'POST /issue-requests': { sdk: 'issueRequests.create' },
  'GET /issue-requests/{id}': { sdk: 'issueRequests.get' },
  'POST /issue-requests/{id}/approve': { sdk: 'issueRequests.approve' },
  'POST /issue-requests/{id}/reject': { sdk: 'issueRequests.reject' },

  'GET /stock/balances': { sdk: 'stock.balances', also: ['stock.balancesPage'] },
  'GET /stock/movements': { sdk: 'stock.movements', also: ['stock.movementsPage'] },

  'GET /alerts': { sdk: 'alerts.list', also: ['alerts.listPage'] },
  'POST /alerts/{id}/acknowledge': { sdk: 'alerts.acknowledge' },

  'GET /lots/{code}': { sdk: 'lots.get' },
  'GET /lots/{code}/trace': { sdk: 'lots.trace' },
};

/** `workOrders.create` → `workOrders_create`. */
export const sdkNameToOperationId = (sdk: string) => sdk.replaceAll('.', '_');

/** `/boms/{parentCode}` and `/boms/{code}` are one template. */
const template = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const byTemplate = new Map(
  Object.entries(SDK_OPERATIONS).map(([key, row]) => {
    const [method, path] = key.split(' ') as [string, string];
    return [`${method.toUpperCase()} ${template(path)}`, sdkNameToOperationId(row.sdk)];
  }),
);

/** The SDK method's name as an operationId, or undefined for a route the SDK does not call. */
export function sdkOperationId(method: string, path: string): string | undefined {
  return byTemplate.get(`${method.toUpperCase()} ${template(path)}`);
}
