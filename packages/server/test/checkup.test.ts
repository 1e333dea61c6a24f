import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheckupCheck, CheckupRun, createAdminClient } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../src/db/migrations/index.js';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import { clockCheck } from '../src/modules/checkup/checks/clock.js';
import { setCheckupThresholds } from '../src/modules/checkup/checkup-context.js';
import { DEFAULT_THRESHOLDS } from '../src/modules/checkup/context.js';
import { CHECKS } from '../src/modules/checkup/run.js';
import { NEEDED_PRIVILEGES } from '../src/modules/checkup/table-privileges.js';
import { seedUsers } from './fixtures.js';
import { DINGTALK_BASE, platformEnv, WECOM_BASE } from './fixtures-platform.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The check-up (一键体检): every check, made to fail the way it fails in a factory, answers fail or
 * warn with the fix it names — in Chinese and English — and every run is kept in the history.
 */

const ALL_IDS = CHECKS.map(([id]) => id);

async function runAs(server: TestServer, userId = 'admin'): Promise<CheckupRun> {
  const res = await fetch(`${server.url}/api/v1/health/checkup`, {
    headers: { Authorization: `Bearer ${await server.token(userId)}` },
  });
  expect(res.status).toBe(200);
  return CheckupRun.parse(await res.json());
}
const find = (run: CheckupRun, id: string): CheckupCheck => {
  const found = run.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('GET /health/checkup on a demo server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedUsers });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is for administrators only', async () => {
    const anonymous = await fetch(`${server.url}/api/v1/health/checkup`);
    expect(anonymous.status).toBe(401);
    const operator = await fetch(`${server.url}/api/v1/health/checkup`, {
      headers: { Authorization: `Bearer ${await server.token('op-li')}` },
    });
    expect(operator.status).toBe(403);
    const history = await fetch(`${server.url}/api/v1/health/checkup/history`, {
      headers: { Authorization: `Bearer ${await server.token('op-li')}` },
    });
    expect(history.status).toBe(403);
  });

  it('runs every check, each with a summary in both languages and a fix whenever it is not ok', async () => {
    const run = await runAs(server);
    expect(run.checks.map((c) => c.id)).toEqual(ALL_IDS);
    expect(run.ranBy).toBe('admin');
    for (const c of run.checks) {
      expect(c.summary['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(c.summary.en).toMatch(/[a-z]/);
      if (c.status !== 'ok') {
        expect(c.fix?.['zh-CN'], c.id).toBeTruthy();
        expect(c.fix?.en, c.id).toBeTruthy();
      } else expect(c.fix, c.id).toBeUndefined();
    }
    for (const id of ['database', 'migrations', 'privileges', 'sync.outbox', 'sync.dead-letters', 'clock']) {
      expect(find(run, id).status, id).toBe('ok');
    }
    const worst = run.checks.some((c) => c.status === 'fail')
      ? 'fail'
      : run.checks.some((c) => c.status === 'warn')
        ? 'warn'
        : 'ok';
    expect(run.status).toBe(worst);
  });

  it('keeps every run: the history answers them newest first, page by page', async () => {
    const admin = createAdminClient({ baseUrl: server.url, token: await server.token('admin') });
    const a = await admin.checkup.run();
    const b = await admin.checkup.run();
    const first = await admin.checkup.listPage({ limit: 1 });
    expect(first.items.map((r) => r.id)).toEqual([b.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await admin.checkup.listPage({ limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.id)).toEqual([a.id]);
    expect(second.items[0]).toEqual(a);
  });

  it('migrations: a database behind the code fails, and says to back up and migrate', async () => {
    const db = server.database.db;
    await sql`delete from schema_migrations where version = ${latestVersion}`.execute(db);
    try {
      const check = find(await runAs(server), 'migrations');
      expect(check.status).toBe('fail');
      expect(check.summary.en).toBe(
        `schema at version ${latestVersion - 1}, the code expects ${latestVersion}`,
      );
      expect(check.fix?.en).toContain('shopfloor backup');
      expect(check.fix?.['zh-CN']).toContain('迁移');
    } finally {
      await sql`insert into schema_migrations (version, name) values (${latestVersion}, 'restored')`.execute(
        db,
      );
    }
  });

  it('backup: none recorded warns in demo mode; one older than the limit fails; a fresh one is ok', async () => {
    const db = server.database.db;
    const none = find(await runAs(server), 'backup');
    expect(none).toMatchObject({ status: 'warn', summary: { en: 'no backup recorded' } });
    expect(none.fix?.en).toContain('SHOPFLOOR_BACKUP_DIR');
    const old = new Date(server.clock.now().getTime() - 100 * 3_600_000);
    await sql`insert into backups (taken_at, file, bytes, reason) values (${old}, 'old.tar', 1, 'manual')`.execute(
      db,
    );
    const stale = find(await runAs(server), 'backup');
    expect(stale.status).toBe('fail');
    expect(stale.summary.en).toBe('last backup 4 d ago');
    expect(stale.fix?.en).toContain('shopfloor backup');
    const fresh = new Date(server.clock.now().getTime() - 2 * 3_600_000);
    await sql`insert into backups (taken_at, file, bytes, reason) values (${fresh}, 'new.tar', 1, 'daily')`.execute(
      db,
    );
    expect(find(await runAs(server), 'backup')).toMatchObject({
      status: 'ok',
      summary: { en: 'last backup 2 h ago' },
    });
  });

  it('sync: outbox lag, dead letters and failing connectors each name their fix', async () => {
    const db = server.database.db;
    const org = server.deps.config.orgId;
    const connector = randomUUID();
    await db
      .insertInto('sync_connectors')
      .values({
        id: connector,
        org_id: org,
        kind: 'webhook',
        name: 'ERP 回写',
        config: JSON.stringify({
          url: 'http://127.0.0.1:9/hook',
          secret: 'a-secret-of-16-chars',
          timeoutMs: 1000,
        }),
        topics: ['report.created'],
        last_error: 'webhook answered HTTP 502',
      })
      .execute();
    const twoHoursAgo = new Date(server.clock.now().getTime() - 2 * 3_600_000);
    const event = await db
      .insertInto('outbox_events')
      .values({
        org_id: org,
        topic: 'report.created',
        aggregate_type: 'work-order',
        aggregate_id: 'WO-LAG',
        payload: '{}',
        created_at: twoHoursAgo,
        next_attempt_at: twoHoursAgo,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('sync_deliveries')
      .values({
        event_id: Number(event.id),
        connector_id: connector,
        org_id: org,
        aggregate_type: 'work-order',
        aggregate_id: 'WO-LAG',
        attempts: 8,
        next_attempt_at: twoHoursAgo,
        last_error: 'webhook answered HTTP 502',
      })
      .execute();
    try {
      const run = await runAs(server);
      const outbox = find(run, 'sync.outbox');
      expect(outbox.status).toBe('fail');
      expect(outbox.summary.en).toBe('1 events waiting, the oldest for 7200 s');
      expect(outbox.fix?.en).toContain('sync worker');
      const dead = find(run, 'sync.dead-letters');
      expect(dead.status).toBe('fail');
      expect(dead.fix?.en).toContain('ERP 回写');
      expect(dead.fix?.['zh-CN']).toContain('重新投递');
      const connectors = find(run, 'sync.connectors');
      expect(connectors.status).toBe('warn');
      expect(connectors.details).toEqual(['ERP 回写 (webhook): webhook answered HTTP 502']);
    } finally {
      await db.deleteFrom('sync_deliveries').where('connector_id', '=', connector).execute();
      await db
        .deleteFrom('outbox_events')
        .where('id', '=', event.id as never)
        .execute();
      await db.deleteFrom('sync_connectors').where('id', '=', connector).execute();
    }
  });

  it('disk: less free space than the limit fails and names the data folder', async () => {
    setCheckupThresholds(server.deps, { diskFailBytes: Number.MAX_SAFE_INTEGER });
    try {
      const disk = find(await runAs(server), 'disk');
      expect(disk.status).toBe('fail');
      expect(disk.summary.en).toMatch(/^\d+\.\d GiB free on the data folder's disk$/);
      expect(disk.fix?.en).toContain('SHOPFLOOR_BACKUP_KEEP');
    } finally {
      setCheckupThresholds(server.deps, {
        diskFailBytes: DEFAULT_THRESHOLDS.diskFailBytes,
        diskWarnBytes: 0,
      });
    }
  });

  it('clock: a server clock a minute off the database fails and says to enable NTP', async () => {
    const ctx = {
      db: server.database.db,
      dbKind: server.deps.dbKind,
      config: server.deps.config,
      clock: server.clock,
      thresholds: DEFAULT_THRESHOLDS,
    };
    const skewed = await clockCheck(ctx, () => Date.now() - 60_000);
    expect(skewed.status).toBe('fail');
    expect(skewed.summary.en).toMatch(/^server and database clocks differ by 6\d{4} ms$/);
    expect(skewed.fix?.en).toContain('NTP');
    expect((await clockCheck(ctx)).status).toBe('ok');
  });

  it('security: one administrator and a token idle for 90 days warn', async () => {
    const db = server.database.db;
    const org = server.deps.config.orgId;
    const run = await runAs(server);
    const admins = find(run, 'security.admins');
    expect(admins).toMatchObject({ status: 'warn', summary: { en: '1 active administrator(s)' } });
    expect(admins.fix?.en).toContain('second administrator');
    expect(find(run, 'security.tokens').status).toBe('ok');
    const created = new Date(server.clock.now().getTime() - 100 * 86_400_000);
    await db
      .insertInto('api_tokens')
      .values({
        id: randomUUID(),
        org_id: org,
        user_id: 'pl-zhou',
        name: '旧 ERP 接口',
        token_hash: randomUUID(),
        created_at: created,
      })
      .execute();
    const tokens = find(await runAs(server), 'security.tokens');
    expect(tokens.status).toBe('warn');
    expect(tokens.details?.[0]).toMatch(/^旧 ERP 接口 \(pl-zhou, /);
    expect(tokens.fix?.en).toContain('Revoke');
    // A token as old, but used today, is not idle: its use is stamped when it signs a request.
    const minted = await fetch(`${server.url}/api/v1/auth/api-tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await server.token('admin')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'pl-zhou', name: 'MES 接口' }),
    });
    expect(minted.status).toBe(201);
    const { token, id } = (await minted.json()) as { token: string; id: string };
    await db.updateTable('api_tokens').set({ created_at: created }).where('id', '=', id).execute();
    expect(find(await runAs(server), 'security.tokens').details).toHaveLength(2);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await expect
      .poll(async () => find(await runAs(server), 'security.tokens').details)
      .toEqual([expect.stringMatching(/^旧 ERP 接口 \(pl-zhou, /)]);
  });

  it('privileges: a role without INSERT on operation_reports fails, naming the GRANT; /health says degraded', async () => {
    const db = server.database.db;
    const role = `app_${randomUUID().slice(0, 8)}`;
    await sql.raw(`create role ${role} nologin`).execute(db);
    await sql.raw(`grant usage on schema public to ${role}`).execute(db);
    await sql
      .raw(`grant select, insert, update, delete on all tables in schema public to ${role}`)
      .execute(db);
    await sql.raw(`grant usage on all sequences in schema public to ${role}`).execute(db);
    await sql.raw(`revoke insert on operation_reports from ${role}`).execute(db);
    await sql.raw(`set role ${role}`).execute(db);
    try {
      const check = find(await runAs(server), 'privileges');
      expect(check.status).toBe('fail');
      expect(check.summary.en).toBe(`database role ${role} lacks INSERT operation_reports`);
      expect(check.details).toEqual([`GRANT INSERT ON operation_reports TO ${role};`]);
      expect(check.fix?.en).toBe(
        `As the database administrator, run: GRANT INSERT ON operation_reports TO ${role};`,
      );
      expect(check.fix?.['zh-CN']).toContain(`GRANT INSERT ON operation_reports TO ${role};`);
      // /health caches the privileges ≤ 5 s: degraded within that.
      await expect
        .poll(async () => (await (await fetch(`${server.url}/api/v1/health`)).json()).checks.privileges, {
          timeout: 8_000,
          interval: 500,
        })
        .toMatchObject({ status: 'degraded', detail: `role ${role} lacks INSERT on operation_reports` });
    } finally {
      await sql.raw('reset role').execute(db);
      await sql.raw(`drop owned by ${role}`).execute(db);
      await sql.raw(`drop role ${role}`).execute(db);
    }
    await expect
      .poll(async () => (await (await fetch(`${server.url}/api/v1/health`)).json()).status, {
        timeout: 8_000,
        interval: 500,
      })
      .toBe('ok');
  });

  it('lists every table of the schema in the needed privileges, each at least readable and writable', () => {
    for (const [table, privileges] of Object.entries(NEEDED_PRIVILEGES)) {
      expect(privileges, table).toContain('SELECT');
      expect(privileges, table).toContain('INSERT');
    }
  });
});

/** A self-signed certificate valid `days` days, made with openssl (installed on these machines). */
function selfSigned(days: number): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      String(days),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

describe('GET /health/checkup in production mode (DingTalk and WeCom configured)', () => {
  let server: TestServer;
  let https: Server;
  let closedPort: number;
  let dingSecretGood = true;
  const msw = setupServer(
    http.get(`${DINGTALK_BASE}/gettoken`, () =>
      HttpResponse.json(
        dingSecretGood
          ? { errcode: 0, access_token: 'ding-token', expires_in: 7200 }
          : { errcode: 40089, errmsg: 'invalid appkey or appsecret' },
      ),
    ),
    http.get(`${DINGTALK_BASE}/get_jsapi_ticket`, () =>
      HttpResponse.json({ errcode: 0, ticket: 't', expires_in: 7200 }),
    ),
    http.get(`${WECOM_BASE}/cgi-bin/gettoken`, () =>
      HttpResponse.json({ errcode: 0, access_token: 'wc', expires_in: 7200 }),
    ),
    http.get(`${WECOM_BASE}/cgi-bin/get_jsapi_ticket`, () =>
      HttpResponse.json({ errcode: 0, ticket: 'c', expires_in: 7200 }),
    ),
    http.get(`${WECOM_BASE}/cgi-bin/ticket/get`, () => HttpResponse.error()),
  );

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    server = await startTestServer({ env: platformEnv, seed: seedUsers });
    https = createHttpsServer(selfSigned(10), (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    msw.close();
    https?.close();
    await server?.close();
  });
  const run = async () => {
    const admin = (await findUser(server.database.db, server.deps.config.orgId, 'admin'))!;
    const token = await signSession(
      toPrincipal(admin),
      server.deps.secrets.session,
      Math.floor(server.clock.now().getTime() / 1000),
    );
    return createAdminClient({ baseUrl: server.url, token }).checkup.run();
  };

  it('platforms: a refused DingTalk secret and an unreachable WeCom ticket API fail, each with its fix', async () => {
    dingSecretGood = false;
    const refused = find(await run(), 'platform.dingtalk');
    expect(refused.status).toBe('fail');
    expect(refused.summary.en).toBe("DingTalk refused the server's credentials");
    expect(refused.fix?.en).toContain('DINGTALK_APP_KEY / DINGTALK_APP_SECRET');
    expect(refused.details?.at(-1)).toContain('errcode 40089');
    dingSecretGood = true;
    const checks = await run();
    expect(find(checks, 'platform.dingtalk')).toMatchObject({
      status: 'ok',
      details: ['gettoken ok', 'get_jsapi_ticket ok'],
    });
    const wecom = find(checks, 'platform.wecom');
    expect(wecom.status).toBe('fail');
    expect(wecom.details?.slice(0, 2)).toEqual(['gettoken ok', 'get_jsapi_ticket ok']);
    expect(wecom.fix?.en).toContain('firewall');
  });

  it('certificates: one expiring in 10 days warns, an endpoint without TLS fails; both named', async () => {
    const db = server.database.db;
    const org = server.deps.config.orgId;
    const port = (https.address() as AddressInfo).port;
    const add = (name: string, url: string) =>
      db
        .insertInto('sync_connectors')
        .values({
          id: randomUUID(),
          org_id: org,
          kind: 'webhook',
          name,
          config: JSON.stringify({ url, secret: 'a-secret-of-16-chars', timeoutMs: 1000 }),
          topics: ['x'],
        })
        .execute();
    setCheckupThresholds(server.deps, { networkTimeoutMs: 2_000 });
    server.clock.set(new Date()); // the certificate's dates are real ones
    // The platforms' test hosts do not resolve: they fail too; the checks below read only the local endpoints.
    await add('MES 回调', `https://127.0.0.1:${port}/hook`);
    const expiring = find(await run(), 'certificates');
    expect(expiring.details?.find((d) => d.startsWith(`127.0.0.1:${port} (MES 回调): valid to`))).toMatch(
      /\((9|10) d\)$/,
    );
    expect(expiring.summary.en).toContain(`127.0.0.1:${port} (MES 回调)`);
    await add('WMS 回调', `https://127.0.0.1:${closedPort}/hook`);
    const failing = find(await run(), 'certificates');
    expect(failing.status).toBe('fail');
    expect(failing.summary.en).toContain(`127.0.0.1:${closedPort} (WMS 回调)`);
    expect(failing.summary.en).toContain(`127.0.0.1:${port} (MES 回调)`);
    expect(failing.fix?.en).toContain('renew their certificates');
  });

  it('security: a generated session secret warns in production and names SHOPFLOOR_SESSION_SECRET', async () => {
    const check = find(await run(), 'security.session-secret');
    expect(check.status).toBe('warn');
    expect(check.fix?.en).toContain('SHOPFLOOR_SESSION_SECRET');
  });

  it('backup: none recorded fails in production', async () => {
    expect(find(await run(), 'backup')).toMatchObject({
      status: 'fail',
      summary: { 'zh-CN': '没有任何备份记录' },
    });
  });
});
