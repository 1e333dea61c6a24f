import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProblem } from '../src/http/errors.js';
import { seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const silent = pino({ level: 'silent' });
/** What the database says and a client must never read: SQL, table names, the Key (…)=(…) detail. */
const SQL_TEXT =
  /Key \(|is not present in table|violates|_check|_fkey|"items"|"locations"|org_id|relation|column/;

describe.each(backends())('database refusals worded in the domain on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token('pl-zhou')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  /** The problem the app makes of what the database throws for `statement`. */
  const problemOf = async (statement: ReturnType<typeof sql>) => {
    const err = await statement.execute(server.database.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'the statement should fail').toBeDefined();
    const problem = toProblem(err, silent).toJSON();
    expect(JSON.stringify(problem)).not.toMatch(SQL_TEXT);
    return problem;
  };

  it('names an unknown item, location and issue location of a new work order by field, without SQL', async () => {
    const cases = [
      [{ item: 'NOPE' }, 'item', 'unknown item NOPE'],
      [{ item: 'CHAIR', location: 'NOWHERE' }, 'location', 'unknown location NOWHERE'],
      [
        { item: 'TABLE', backflush: true, issueLocation: 'NOWHERE-2' },
        'issueLocation',
        'unknown location NOWHERE-2',
      ],
    ] as const;
    for (const [fields, field, detail] of cases) {
      const res = await post('/work-orders', {
        no: `WO-${randomUUID().slice(0, 8)}`,
        qty: 1,
        due: '2026-12-31',
        ...fields,
      });
      expect(res.status, field).toBe(400);
      expect(res.text).not.toMatch(SQL_TEXT);
      const value = detail.split(' ').at(-1);
      expect(JSON.parse(res.text)).toEqual({
        type: '/problems/unknown-reference',
        title: 'Unknown reference',
        status: 400,
        detail,
        errors: [{ path: field, message: detail }],
        params: { field, value },
      });
    }
  });

  it('words a duplicate key as the thing that already exists', async () => {
    const problem = await problemOf(
      sql`insert into items (org_id, code, name, uom, type) values ('demo', 'CHAIR', 'x', 'pcs', 'make')`,
    );
    expect(problem).toMatchObject({
      type: '/problems/duplicate',
      status: 409,
      detail: 'item CHAIR already exists',
      params: { field: 'code', value: 'CHAIR' },
    });
  });

  it('words a check violation by the field its constraint guards', async () => {
    const problem = await problemOf(
      sql`update items set safety_stock = -1 where org_id = 'demo' and code = 'TOP'`,
    );
    expect(problem).toMatchObject({
      type: '/problems/constraint',
      status: 409,
      detail: 'safetyStock of the item is outside what it may be',
      params: { field: 'safetyStock' },
    });
  });

  it('words a delete of something still referred to as in use', async () => {
    const problem = await problemOf(sql`delete from items where org_id = 'demo' and code = 'SCREW'`);
    expect(problem.type).toBe('/problems/in-use');
    expect(problem.status).toBe(409);
    expect(problem.detail).toMatch(/^the item SCREW is still used by a /);
  });

  it('words a missing value and a number the database cannot hold without quoting it', async () => {
    expect(
      await problemOf(
        sql`insert into items (org_id, code, name, uom, type) values ('demo', 'N1', null, 'pcs', 'buy')`,
      ),
    ).toMatchObject({ type: '/problems/missing-value', status: 400, params: { field: 'name' } });
    expect(
      await problemOf(sql`update items set precision = 99999999 where org_id = 'demo' and code = 'TOP'`),
    ).toMatchObject({ type: '/problems/bad-value', status: 400, params: { reason: 'out-of-range' } });
  });
});

describe('constraint wording without an English detail', () => {
  it('still names the field from the constraint name, and never repeats the database text', () => {
    // Whatever the database says (marked Δ here), none of it reaches the answer.
    fc.assert(
      fc.property(fc.string(), fc.string(), (detail, message) => {
        const problem = toProblem(
          Object.assign(new Error(`Δ${message}`), {
            code: '23503',
            constraint: 'work_orders_org_id_item_fkey',
            table: 'work_orders',
            detail: `Δ${detail}`,
          }),
          silent,
        ).toJSON();
        expect(problem.type).toBe('/problems/unknown-reference');
        expect(problem.params?.field).toBe('item');
        expect(JSON.stringify(problem)).not.toContain('Δ');
      }),
    );
    const problem = toProblem(
      Object.assign(new Error('插入或更新表 "work_orders" 违反外键约束'), {
        code: '23503',
        constraint: 'work_orders_org_id_item_fkey',
        table: 'work_orders',
        detail: '键值对(org_id, item)=(demo, NOPE)没有在表"items"中出现.',
      }),
      silent,
    ).toJSON();
    expect(problem).toMatchObject({ detail: 'unknown item', params: { field: 'item', value: null } });
  });
});
