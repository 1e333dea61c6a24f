/**
 * Every page of the app. app.config.ts registers `PAGES`; a route not listed there yet is shown as
 * "coming soon" instead of a broken navigation. To add a page: create src/pages/<name>/index.tsx
 * (+ index.config.ts), then add its path to PAGES. No imports here: app.config.ts reads this file at
 * build time, in Node.
 */
export const ROUTES = {
  home: 'pages/index/index',
  report: 'pages/report/index',
  issueRequests: 'pages/issue-requests/index',
  alerts: 'pages/alerts/index',
  board: 'pages/board/index',
  trace: 'pages/trace/index',
  outbox: 'pages/outbox/index',
  counts: 'pages/counts/index',
  transfers: 'pages/transfers/index',
} as const;

export type RouteName = keyof typeof ROUTES;

/** The pages built into the app, home first (Taro opens the first one). */
export const PAGES: string[] = [
  ROUTES.home,
  ROUTES.report,
  ROUTES.issueRequests,
  ROUTES.alerts,
  ROUTES.board,
  ROUTES.trace,
  ROUTES.outbox,
  ROUTES.counts,
  ROUTES.transfers,
];

export function isAvailable(route: RouteName): boolean {
  return PAGES.includes(ROUTES[route]);
}
