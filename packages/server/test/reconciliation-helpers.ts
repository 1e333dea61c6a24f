import { sql } from 'kysely';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import type { TestServer } from './harness.js';

export const ORG = 'demo';

export interface Answer {
  status: number;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers of every route, read by the tests' expectations
  json: any;
  bytes: Buffer;
}

/** A report row as GET /reconciliations/{id} answers it. */
export interface ReportRow {
  status: 'matched' | 'missingHere' | 'missingThere' | 'differing';
  key: Record<string, string>;
  ours: Record<string, string | number | null> | null;
  theirs: Record<string, string | number | null> | null;
  difference: { qty: number; fields: string[] } | null;
  owners: { userId: string; name: string; role: string }[];
}

/** A call as the user, with a raw body (CSV text, XLSX bytes, FormData) or JSON. */
export async function call(
  server: TestServer,
  userId: string,
  method: string,
  path: string,
  body?: { type?: string; data: string | Uint8Array | FormData } | { json: unknown },
): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await sessionAt(server, userId)}` };
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    if (body.type) headers['Content-Type'] = body.type;
    payload = body.data as BodyInit;
  }
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    bytes,
    json: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined,
  };
}

/** A session signed as sign-in signs it, at the server's clock: tests that move the clock stay signed in. */
async function sessionAt(server: TestServer, userId: string): Promise<string> {
  const row = await findUser(server.database.db, server.deps.config.orgId, userId);
  if (!row) throw new Error(`no user ${userId}`);
  return signSession(
    toPrincipal(row),
    server.deps.secrets.session,
    Math.floor(server.clock.now().getTime() / 1000),
  );
}

export const csv = (text: string) => ({ type: 'text/csv', data: text });

/**
 * `items` items (R-0000…, precision 3) × `locations` locations (L-00…, warehouse WH-RM) of stock,
 * lot '', qty = (i·7 + l) mod 97 + 1 + 0.125: written straight into the tables, as a ledger of that
 * size would have left them.
 */
export async function seedBalances(server: TestServer, items: number, locations: number): Promise<void> {
  const db = server.database.db;
  await sql`insert into items (org_id, code, name, uom, type, precision, created_at, updated_at)
    select ${ORG}, 'R-' || lpad(i::text, 4, '0'), '物料' || i, 'kg', 'buy', 3, now(), now()
    from generate_series(0, ${items - 1}) i`.execute(db);
  await sql`insert into locations (org_id, code, warehouse, name)
    select ${ORG}, 'L-' || lpad(l::text, 2, '0'), 'WH-RM', '库位' || l from generate_series(0, ${locations - 1}) l`.execute(
    db,
  );
  await sql`insert into stock_balances (org_id, item, location, lot, qty)
    select ${ORG}, 'R-' || lpad(i::text, 4, '0'), 'L-' || lpad(l::text, 2, '0'), '', ((i * 7 + l) % 97) + 1.125
    from generate_series(0, ${items - 1}) i, generate_series(0, ${locations - 1}) l`.execute(db);
}

export const balanceQty = (i: number, l: number) => ((i * 7 + l) % 97) + 1.125;
export const itemCode = (i: number) => `R-${String(i).padStart(4, '0')}`;
export const locationCode = (l: number) => `L-${String(l).padStart(2, '0')}`;
