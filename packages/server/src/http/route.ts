import { createHash } from 'node:crypto';
import type { Role } from '@shopfloor/sdk';
import type { Context, Hono } from 'hono';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { callStatement, severalStatementsOf } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { authenticate } from './authenticate.js';
import { readBodyText } from './body.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { badRequest, conflict, forbidden, HttpProblem, zodErrors } from './problem.js';
import { requestHeader } from './request-header.js';
import { noteCaller } from './request-log.js';
import type { Principal } from './session.js';

export type Db = Kysely<Database> | Transaction<Database>;
type Method = 'get' | 'post' | 'put' | 'delete';
/** Classic and mini zod schemas alike (the SDK's schemas are zod/mini, for its bundle size). */
export type Schema<T> = z.core.$ZodType<T>;
// biome-ignore lint/suspicious/noExplicitAny: route tables mix schemas of every shape
type AnySchema = z.core.$ZodType<any, any>;

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; null only on public routes. */
  user: Principal;
  /** A transaction on state-changing routes (with the idempotency record in it), the database otherwise. */
  db: Db;
  deps: AppDeps;
  c: Context;
  /** On a state-changing route called with an Idempotency-Key: see IdempotencyRecord. */
  idempotency?: IdempotencyRecord;
  /** The rows of the route's `firstRead` when it rode along with the Idempotency-Key's look-up. */
  firstRows?: readonly unknown[];
}

/**
 * A read a handler starts with, sent in the same string as BEGIN and the Idempotency-Key's lock and
 * look-up (PostgreSQL, statements kept prepared or literal): one round trip less on a hot path. It
 * must run only once the key is known to be new and its lock held, or a replay would wait on the
 * locks it takes: `sql(whenKeyIsNew)` is its text with that condition in its WHERE, whose
 * parameters are numbered after the read's own `args` (text, escaped as literals).
 */
export interface FirstRead {
  name: string;
  sql: (whenKeyIsNew: string) => string;
  args: string[];
}

/**
 * The record that answers later repeats of an Idempotency-Key. The route writes it after the
 * handler, a statement of its own; a handler that does its writes in one statement may take it in
 * instead (a hot path saves a round trip): `insertFor(answer)` is the insert for that statement,
 * and the handler must then run that statement in its transaction and return that very answer.
 */
export interface IdempotencyRecord {
  insertFor(answer: unknown): RawBuilder<unknown>;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: Method;
  /** OpenAPI style, relative to /api/v1: '/work-orders/{no}'. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Roles allowed (admin always is); 'any' = any signed-in user; 'public' = no sign-in. */
  auth: Role[] | 'any' | 'public';
  params?: Schema<P>;
  query?: Schema<Q>;
  body?: Schema<B>;
  /** Response body schema; null for non-JSON answers (the handler returns a Response). */
  response: Schema<R> | null;
  status?: 200 | 201 | 202;
  /** Body of a 202 the handler may answer instead (`new Accepted(body)`): work that waits for someone. */
  accepted?: Schema<unknown>;
  /** Runs in a transaction and honours Idempotency-Key. Default: true for POST/PUT/DELETE. */
  mutation?: boolean;
  /** Problem statuses worth documenting beyond the usual 400/401/403. */
  errors?: number[];
  /** Bytes of body the route reads, when not the app's MAX_BODY_BYTES (see app.ts for the early check). */
  bodyLimit?: number;
  /** See FirstRead; the handler then gets its rows as `firstRows`. */
  firstRead?: (ctx: { params: P; body: B; user: Principal }) => FirstRead;
  handler: (ctx: HandlerContext<P, Q, B>) => Promise<R | Accepted<unknown> | Response>;
}

/**
 * A 202 answer instead of the route's usual one (a change that waits for a second person). Unlike a
 * raw Response it is checked against the route's `accepted` schema and stored for Idempotency-Key
 * repeats, so a retried request hears the same 202.
 */
export class Accepted<T> {
  constructor(readonly body: T) {}
}

export function defineRoute<P = unknown, Q = unknown, B = unknown, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> {
  return spec;
}

// biome-ignore lint/suspicious/noExplicitAny: heterogenous route list
export type AnyRoute = RouteSpec<any, any, any, any>;

export function mountRoutes(app: Hono, base: string, routes: readonly AnyRoute[], deps: AppDeps): void {
  for (const route of routes) {
    const honoPath = base + route.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(route.method.toUpperCase(), honoPath, (c) => handle(route, c, deps));
  }
}

async function handle(route: AnyRoute, c: Context, deps: AppDeps): Promise<Response> {
  const user = route.auth === 'public' ? (null as unknown as Principal) : await authenticate(c, deps);
  if (user) noteCaller(c, user.userId);
  if (
    Array.isArray(route.auth) &&
    !user.roles.includes('admin') &&
    !route.auth.some((r) => user.roles.includes(r))
  ) {
    throw forbidden(
      `this needs the role ${route.auth.join(' or ')}; you have ${user.roles.join(', ') || 'none'}`,
      { roles: route.auth.join(',') },
    );
  }
  const params = route.params ? parse(route.params, c.req.param(), 'path') : {};
  const query = route.query ? parse(route.query, coerceQuery(route.query, c.req.queries()), 'query') : {};
  const body = route.body ? parse(route.body, await readJson(c, route.bodyLimit), '') : undefined;
  const mutation = route.mutation ?? route.method !== 'get';
  const status = route.status ?? (route.method === 'post' ? 201 : 200);
  const run = (db: Db) => route.handler({ params, query, body, user, db, deps, c });

  if (!mutation) {
    const result = await run(deps.db);
    return result instanceof Accepted
      ? render(c, route, result.body, 202, deps)
      : render(c, route, result, status, deps);
  }

  const key = requestHeader(c, 'Idempotency-Key');
  if (key !== undefined && (key.length < 8 || key.length > 128)) {
    throw badRequest('Idempotency-Key must be 8 to 128 characters', [
      { path: 'header.Idempotency-Key', message: 'bad length' },
    ]);
  }
  const outcome = await deps.db.transaction().execute(async (tx) => {
    if (key === undefined || !user) {
      const result = await run(tx);
      return result instanceof Accepted
        ? { result: result.body, replay: false as const, status: 202 }
        : { result, replay: false as const };
    }
    const hash = requestHash(c.req.method, c.req.path, body);
    const first = route.firstRead?.({ params, body, user });
    const { stored, firstRows } = await storedAnswer(tx, deps, user.orgId, key, first);
    if (stored) {
      if (stored.request_hash !== hash || stored.user_id !== user.userId) {
        throw new HttpProblem(
          422,
          'idempotency-mismatch',
          'Idempotency-Key reused',
          'this Idempotency-Key was used before with a different request',
        );
      }
      return { result: stored.response, replay: true as const, status: stored.status_code };
    }
    const record = (answer: unknown, code = status) =>
      sql`insert into idempotency_keys (org_id, key, user_id, request_hash, status_code, response)
          values (${user.orgId}, ${key}, ${user.userId}, ${hash}, ${code}, ${JSON.stringify(answer ?? null)})`;
    let taken: { answer: unknown } | undefined;
    const result = await route.handler({
      params,
      query,
      body,
      user,
      db: tx,
      deps,
      c,
      ...(firstRows ? { firstRows } : {}),
      idempotency: {
        insertFor(answer) {
          taken = { answer };
          return record(answer);
        },
      },
    });
    if (taken && taken.answer !== result) {
      throw new Error(`${route.path}: the handler recorded another answer than it returned`);
    }
    if (result instanceof Accepted) {
      await record(result.body, 202).execute(tx);
      return { result: result.body, replay: false as const, status: 202 };
    }
    if (!taken && !(result instanceof Response)) await record(result).execute(tx);
    return { result, replay: false as const };
  });
  if (outcome.replay) c.header('Idempotency-Replayed', 'true');
  return render(
    c,
    route,
    outcome.result,
    'status' in outcome && outcome.status ? outcome.status : status,
    deps,
  );
}

interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response: unknown;
  user_id: string;
}

const KEY_LOCK = 'select pg_try_advisory_xact_lock(hashtext($1)) as locked';
const KEY_LOOKUP =
  'select request_hash, status_code, response, user_id from idempotency_keys where org_id = $1 and key = $2';

/**
 * The answer stored under an Idempotency-Key, read after the key's lock is held: a second request
 * with the key while the first runs does not wait, it hears 409 in-flight. The read must be a
 * statement of its own after the lock's: a statement's snapshot is taken before the locks it takes,
 * so one that locked and read would miss the answer of a request that committed while it waited.
 * On PostgreSQL the transaction's BEGIN, the lock and the read go as three statements in one string
 * (one round trip instead of three; db/deferred-begin.ts), run by name with their plans kept
 * (`execute …`; DATABASE_PREPARE off: the statements with their literals). PGlite runs one
 * transaction at a time (the dialect leases its one connection per transaction): nobody else can
 * hold the key there, so it takes no lock, and its BEGIN rides along with the read.
 * A route's first read (FirstRead) goes in the same string, after the look-up; the condition it
 * gets re-takes the key's lock (held already: it counts up) and finds no stored answer, so it reads
 * and locks nothing for a repeat or while another request holds the key.
 */
async function storedAnswer(
  tx: Db,
  deps: AppDeps,
  orgId: string,
  key: string,
  first: FirstRead | undefined,
): Promise<{ stored: StoredAnswer | undefined; firstRows?: readonly unknown[] }> {
  const lookup = () =>
    sql<StoredAnswer>`select request_hash, status_code, response, user_id from idempotency_keys
      where org_id = ${orgId} and key = ${key}`.execute(tx);
  if (deps.dbKind === 'pglite') return { stored: (await lookup()).rows[0] };
  const several = severalStatementsOf(deps.db);
  let rows: ({ locked: boolean } | StoredAnswer)[];
  if (several) {
    const lock = callStatement(several, 'key_lock', KEY_LOCK, [`${orgId}:${key}`]);
    const read = callStatement(several, 'key_lookup', KEY_LOOKUP, [orgId, key]);
    const statements = [lock, read];
    if (first) {
      const n = first.args.length;
      const whenKeyIsNew = `pg_try_advisory_xact_lock(hashtext($${n + 1})) and not exists (select from idempotency_keys where org_id = $${n + 2} and key = $${n + 3})`;
      const args = [...first.args, `${orgId}:${key}`, orgId, key];
      statements.push(callStatement(several, first.name, first.sql(whenKeyIsNew), args));
    }
    ({ rows } = await sql<{ locked: boolean } | StoredAnswer>`${sql.raw(statements.join(';\n'))}`.execute(
      tx,
    ));
    if (first) {
      // The rows of the three statements in order: the lock's one, the stored answer (a row with
      // request_hash) or else the first read's rows.
      const [taken, ...rest] = rows as [{ locked: boolean }, ...unknown[]];
      const stored =
        rest[0] && typeof rest[0] === 'object' && 'request_hash' in rest[0] ? rest[0] : undefined;
      if (!taken?.locked) throw inFlight();
      return stored ? { stored: stored as StoredAnswer } : { stored: undefined, firstRows: rest };
    }
  } else {
    // A handle opened elsewhere (not by openDatabase): one statement at a time.
    const lock = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(hashtext(${`${orgId}:${key}`})) as locked`.execute(tx);
    rows = [...lock.rows, ...(await lookup()).rows];
  }
  const [taken, stored] = rows as [{ locked: boolean }, StoredAnswer | undefined];
  if (!taken?.locked) throw inFlight();
  return { stored };
}

const inFlight = () =>
  conflict(
    'idempotency-in-flight',
    'a request with this Idempotency-Key is still being processed; retry shortly',
  );

function render(c: Context, route: AnyRoute, result: unknown, status: number, deps: AppDeps): Response {
  if (result instanceof Response) return result;
  const schema = status === 202 && route.accepted ? route.accepted : route.response;
  if (schema && deps.config.validateResponses) {
    const checked = z.safeParse(schema, result);
    if (!checked.success) {
      deps.logger.error(
        { route: route.path, issues: checked.error.issues },
        'response does not match its schema',
      );
      throw new HttpProblem(
        500,
        'internal',
        'Internal error',
        'the server produced an answer that does not match its contract',
      );
    }
  }
  return c.json(result as object, status as 200);
}

function parse<T>(schema: Schema<T>, input: unknown, where: string): T {
  refuseUnsafeValues(input, where);
  const r = z.safeParse(schema, input);
  if (r.success) return r.data;
  const errors = zodErrors(r.error.issues, where || undefined);
  throw badRequest(errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), errors);
}

/** Beyond this, numbers lose their decimals in JSON and sums of them overflow to Infinity. */
export const MAX_MAGNITUDE = 1e15;

/**
 * The first value no route can take, whatever its schema: text with U+0000 (PostgreSQL text cannot
 * hold it) and numbers beyond ±1e15 (quantities are exact to 6 places only well below that, and
 * their sums and explosions must stay finite). Refused here with their path, not in the database.
 */
/** Throws 400 at the first value no route can take (see `unsafeValue`); `where` prefixes its path. */
export function refuseUnsafeValues(input: unknown, where = ''): void {
  const unsafe = unsafeValue(input);
  if (!unsafe) return;
  const path = [where, ...unsafe.path].filter((p) => p !== '').join('.');
  throw badRequest(`${path || '(body)'}: ${unsafe.message}`, [{ path, message: unsafe.message }]);
}

function unsafeValue(value: unknown, path: string[] = []): { path: string[]; message: string } | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? { path, message: 'must not contain the NUL character (\\u0000)' }
      : undefined;
  }
  if (typeof value === 'number') {
    return Math.abs(value) > MAX_MAGNITUDE ? { path, message: 'must be between -1e15 and 1e15' } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000'))
      return { path: [...path, key], message: 'must not contain the NUL character' };
    const found = unsafeValue(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

async function readJson(c: Context, limit?: number): Promise<unknown> {
  const type = requestHeader(c, 'content-type') ?? '';
  if (!type.includes('json')) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'send the body as application/json',
    );
  }
  let text: string;
  try {
    text = await readBodyText(c, limit);
  } catch (error) {
    if (error instanceof HttpProblem) throw error; // 413: the body went past the limit
    throw badRequest('the body could not be read');
  }
  if (nestsDeeperThan(text)) {
    throw badRequest(`the body nests deeper than ${MAX_JSON_DEPTH} levels`, undefined, 'too-deep', {
      maxDepth: MAX_JSON_DEPTH,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

/** Query strings are text: turn them into the numbers, booleans and lists the schema asks for. */
function coerceQuery(schema: AnySchema, raw: Record<string, string[]>): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, AnySchema> }).shape ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(raw)) {
    const kind = baseType(shape[key]);
    const last = values.at(-1) ?? '';
    if (kind === 'number') out[key] = last.trim() === '' ? last : Number(last);
    else if (kind === 'boolean') out[key] = last === 'true' ? true : last === 'false' ? false : last;
    else if (kind === 'array') out[key] = values.flatMap((v) => v.split(','));
    else out[key] = last;
  }
  return out;
}

function baseType(schema: AnySchema | undefined): string | undefined {
  let s = schema as unknown as
    | { _zod?: { def: { type: string; innerType?: unknown; in?: unknown } } }
    | undefined;
  for (let i = 0; i < 8 && s?._zod; i++) {
    const def = s._zod.def;
    if (def.innerType) s = def.innerType as typeof s;
    else if (def.type === 'pipe' && def.in) s = def.in as typeof s;
    else return def.type;
  }
  return undefined;
}

function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

export { z };
