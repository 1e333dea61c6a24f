import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { sql } from 'kysely';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { incidentWords } from '../src/modules/checkup/health-notifier.js';
import { sendAlertEmail } from '../src/modules/sync/connectors/email.js';
import { seedUsers } from './fixtures.js';
import { DINGTALK_BASE } from './fixtures-platform.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The health monitor: ok → degraded opens an incident and tells everyone once — webhook robot,
 * DingTalk group robot, e-mail — from the connector list it holds in memory (here the database
 * refuses to show that list by then); back to ok tells them once more.
 */

interface Mail {
  to: string[];
  body: string;
}

describe('the health monitor and its alerts', () => {
  let server: TestServer;
  let smtp: SMTPServer;
  let hook: Server;
  const mails: Mail[] = [];
  const hookCalls: { topic: string; type: string; message: string }[] = [];
  const robotCalls: { text: string }[] = [];
  const msw = setupServer(
    http.post(`${DINGTALK_BASE}/robot/send`, async ({ request }) => {
      const body = (await request.json()) as { markdown: { text: string } };
      robotCalls.push({ text: body.markdown.text });
      return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
    }),
  );

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, done) {
        let body = '';
        stream.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const e = JSON.parse(body);
        hookCalls.push({ topic: e.topic, type: e.aggregate.type, message: e.payload.message });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({
      seed: seedUsers,
      env: {
        DINGTALK_API_BASE: DINGTALK_BASE,
        SHOPFLOOR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SHOPFLOOR_ALERT_EMAILS: 'ops@factory.test, it@factory.test',
      },
    });
    const org = server.deps.config.orgId;
    const connector = (
      name: string,
      kind: 'webhook' | 'dingtalk-robot' | 'rabbitmq',
      config: object,
      topics: string[] | null,
    ) => ({
      id: randomUUID(),
      org_id: org,
      kind,
      name,
      config: JSON.stringify(config),
      topics,
    });
    await server.database.db
      .insertInto('sync_connectors')
      .values([
        connector(
          '值班 webhook',
          'webhook',
          {
            url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`,
            secret: 'sixteen-chars-secret',
            timeoutMs: 2000,
          },
          ['alert.opened'],
        ),
        connector('车间群机器人', 'dingtalk-robot', { accessToken: 'robot-token' }, null),
        // Carries no alerts: not told.
        connector(
          'ERP 报工回写',
          'webhook',
          { url: 'http://127.0.0.1:9/', secret: 'sixteen-chars-secret', timeoutMs: 500 },
          ['report.created'],
        ),
      ])
      .execute();
  });
  afterAll(async () => {
    msw.close();
    hook?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await server?.close();
  });

  it('alerts once per incident, from memory, on every channel, and once again when it clears', async () => {
    const monitor = server.services.workers.health;
    const db = server.database.db;
    expect(await monitor.tick()).toBe(0);
    expect(monitor.status()).toBe('ok');
    expect(
      monitor.notifier
        .connectors()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['值班 webhook', '车间群机器人']);

    // The incident: INSERT on operation_reports lost — and the connectors cannot even be read now.
    const role = `app_${randomUUID().slice(0, 8)}`;
    await sql.raw(`create role ${role} nologin`).execute(db);
    await sql.raw(`grant usage on schema public to ${role}`).execute(db);
    await sql
      .raw(`grant select, insert, update, delete on all tables in schema public to ${role}`)
      .execute(db);
    await sql.raw(`grant usage on all sequences in schema public to ${role}`).execute(db);
    await sql.raw(`revoke insert on operation_reports from ${role}`).execute(db);
    await sql.raw(`revoke all on sync_connectors from ${role}`).execute(db);
    await sql.raw(`set role ${role}`).execute(db);
    try {
      await expect.poll(() => monitor.tick(), { timeout: 8_000, interval: 300 }).toBe(1);
      expect(monitor.status()).toBe('degraded');
      for (let i = 0; i < 3; i++) expect(await monitor.tick()).toBe(0); // same incident: nothing more
    } finally {
      await sql.raw('reset role').execute(db);
      await sql.raw(`drop owned by ${role}`).execute(db);
      await sql.raw(`drop role ${role}`).execute(db);
    }
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]).toMatchObject({ topic: 'alert.opened', type: 'health' });
    expect(hookCalls[0]!.message).toContain('INSERT on operation_reports');
    expect(robotCalls).toHaveLength(1);
    expect(robotCalls[0]!.text).toContain('Shopfloor 服务器降级');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to.sort()).toEqual(['it@factory.test', 'ops@factory.test']);

    // The privileges are cached up to 5 s: ok again within that.
    await expect.poll(() => monitor.tick(), { timeout: 8_000, interval: 300 }).toBe(1);
    expect(monitor.status()).toBe('ok');
    expect(await monitor.tick()).toBe(0);
    expect(hookCalls.map((c) => c.topic)).toEqual(['alert.opened', 'alert.resolved']);
    expect(robotCalls).toHaveLength(2);
    expect(robotCalls[1]!.text).toContain('已恢复');
    expect(mails).toHaveLength(2);
  });

  it('words an incident in Chinese and English, naming what is not ok', () => {
    const words = incidentWords('opened', {
      status: 'down',
      checks: { db: { status: 'down', detail: 'unreachable: connect ECONNREFUSED' } },
    });
    expect(words.subject).toBe('Shopfloor 服务器不可用 / server down');
    expect(words.text).toContain('终端可以填写，但保存可能失败');
    expect(words.text).toContain('terminals can fill in forms but saving may fail');
    expect(words.text).toContain('- db: down (unreachable: connect ECONNREFUSED)');
    expect(incidentWords('resolved', { status: 'ok', checks: {} }).subject).toContain('server healthy again');
  });

  it('refuses alert e-mails without a mail server to send them', () => {
    expect(() => loadConfig({ SHOPFLOOR_ALERT_EMAILS: 'ops@factory.test' })).toThrow(
      'SHOPFLOOR_ALERT_EMAILS: set SHOPFLOOR_SMTP_URL too',
    );
  });

  it('gives up on a mail server that never greets, within the timeout the URL sets', async () => {
    const silent = createTcpServer(() => undefined); // accepts, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const started = performance.now();
    try {
      await expect(
        sendAlertEmail(`smtp://127.0.0.1:${port}?greetingTimeout=300`, ['ops@factory.test'], {
          subject: 's',
          text: 't',
        }),
      ).rejects.toThrow(/greeting/i);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });
});
