import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import type { AppDeps } from './deps.js';
import { bodyTooLarge, MAX_BODY_BYTES } from './http/body.js';
import { mountConsole } from './http/console.js';
import { apiCors } from './http/cors.js';
import { renderProblem, toProblem } from './http/errors.js';
import { mountH5App } from './http/h5-app.js';
import { buildOpenApi } from './http/openapi.js';
import { notFound } from './http/problem.js';
import { signInLimiter } from './http/rate-limit.js';
import { requestHeader } from './http/request-header.js';
import { requestLog } from './http/request-log.js';
import { mountRoutes } from './http/route.js';
import { apiHeaders, docsHeaders, pageHeaders } from './http/security-headers.js';
import { API_TOKEN_PREFIX } from './http/session.js';
import { allRoutes } from './modules/index.js';
import { isSnapshotUpload } from './modules/reconciliation/snapshot.js';
import { isWorkbookUpload } from './modules/setup/upload.js';
import { isInboundBatch } from './modules/sync/inbound/limits.js';
import { VERSION } from './version.js';

export const API_BASE = '/api/v1';

/** The HTTP app. Everything it needs comes in through `deps`, so tests build it with their own. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use('*', requestLog(deps.logger));
  // CSP and friends by what is served: the API, Swagger UI, or the built pages (http/security-headers.ts).
  const api = apiHeaders();
  const docs = docsHeaders(DOCS_START_SCRIPT);
  const pages = pageHeaders();
  app.use('*', (c, next) => {
    const path = c.req.path;
    if (path.startsWith(`${API_BASE}/`)) return api(c, next);
    if (path === '/docs' || path.startsWith('/docs/')) return docs(c, next);
    return pages(c, next);
  });
  app.use(`${API_BASE}/*`, apiCors(deps.config.corsOrigins));
  app.onError((err, c) => renderProblem(c, toProblem(err, deps.logger)));
  app.notFound((c) => renderProblem(c, notFound(`no route ${c.req.method} ${c.req.path}`)));

  // A declared length past the limit is refused before anything runs; a body without one (chunked)
  // is counted while it is read (http/body.ts) and refused once it goes past.
  app.use(`${API_BASE}/*`, async (c, next) => {
    const length = Number(requestHeader(c, 'content-length') ?? 0);
    if (length > MAX_BODY_BYTES && !isWorkbookUpload(c) && !isSnapshotUpload(c) && !isInboundBatch(c)) {
      throw bodyTooLarge();
    }
    await next();
  });

  // API tokens are looked up in the database on every request: an IP that keeps sending unknown
  // ones is refused before the lookup, as sign-ins are (http/rate-limit.ts).
  app.use(`${API_BASE}/*`, async (c, next) => {
    const apiToken = requestHeader(c, 'authorization')?.includes(` ${API_TOKEN_PREFIX}`) ?? false;
    const limiter = signInLimiter(deps);
    if (apiToken) await limiter.checkTokenFailures(c);
    await next();
    if (apiToken && c.res.status === 401) await limiter.noteTokenFailure(c);
  });

  const routes = allRoutes();
  app.get(`${API_BASE}/openapi.json`, (c) =>
    c.json(
      buildOpenApi(routes, {
        version: VERSION,
        serverUrl: deps.config.publicUrl ? `${deps.config.publicUrl}${API_BASE}` : API_BASE,
      }),
    ),
  );
  mountRoutes(app, API_BASE, routes, deps);

  mountDocs(app);
  mountH5App(app, deps.config.appDir);
  mountConsole(app, deps.config.consoleDir);
  app.get('/', (c) => c.redirect('/app/'));
  return app;
}

/** The one inline script of /docs, allowed by its hash in the page's CSP. */
const DOCS_START_SCRIPT = `SwaggerUIBundle({ url: '${API_BASE}/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true });`;

function mountDocs(app: Hono): void {
  const require = createRequire(import.meta.url);
  const dist = resolve(require.resolve('swagger-ui-dist/package.json'), '..');
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Shopfloor API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>${DOCS_START_SCRIPT}</script>
</body></html>`;
  app.get('/docs', (c) => c.html(page));
  app.get('/docs/', (c) => c.html(page));
  app.get('/docs/assets/:file{[a-z0-9.-]+}', (c) => {
    const file = join(dist, c.req.param('file'));
    if (!existsSync(file)) throw notFound('no such asset');
    const type = file.endsWith('.css') ? 'text/css' : 'application/javascript';
    return c.body(readFileSync(file), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    });
  });
}
