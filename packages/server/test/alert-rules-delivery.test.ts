import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { sql } from 'kysely';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertKind } from '../src/db/schema.js';
import type { AlertRuleInput } from '../src/modules/alert-rules/rules.js';
import { insertRule } from '../src/modules/alert-rules/store.js';
import { openAlert } from '../src/modules/alerts/store.js';
import {
  api,
  env,
  linkedAlerts,
  messageHandlers,
  type PlatformCall,
  PUBLIC_URL,
  seedAlertPeople,
} from './alert-rules-fixtures.js';
import { fakePlatforms, platformHandlers, WECOM_BASE } from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const calls: PlatformCall[] = [];
const robotPosts: { key: string; content: string }[] = [];
let current: TestServer | undefined;
const msw = setupServer(
  ...platformHandlers(fakePlatforms().calls),
  ...messageHandlers(calls, () => current?.clock, { wecom: 0 }),
  http.post(`${WECOM_BASE}/cgi-bin/webhook/send`, async ({ request }) => {
    // biome-ignore lint/suspicious/noExplicitAny: JSON body
    const body = (await request.json()) as any;
    robotPosts.push({
      key: new URL(request.url).searchParams.get('key') ?? '',
      content: body.markdown.content,
    });
    return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
  }),
);

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpUrl = '';

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  msw.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The decoded text part of a mail nodemailer wrote (base64 or quoted-printable). */
function mailText(raw: string): string {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head))
    return Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

/** Who the fake platforms and the SMTP server stand for, and who can be reached how (seedAlertPeople). */
const PLATFORM_USER: Record<string, string> = { 'li-ding': 'op-li', 'ding-1': 'ap-ding', ma: 'sv-ma' };
const EMAIL_USER: Record<string, string> = { 'zhou@factory.example.cn': 'pl-zhou' };
const REACH: Record<string, string> = {
  'op-li': 'dingtalk',
  'ap-ding': 'dingtalk',
  'sv-ma': 'wecom',
  'pl-zhou': 'email',
};
/** Roles, workshops and warehouses of the reachable users, as the fixture grants them. */
const PEOPLE: Record<string, { roles: string[]; workshops: string[]; warehouses: string[] }> = {
  'op-li': { roles: ['operator'], workshops: ['WS-ASM'], warehouses: [] },
  'ap-ding': { roles: ['approver'], workshops: [], warehouses: ['WH-RM'] },
  'sv-ma': { roles: ['planner'], workshops: ['WS-ASM'], warehouses: [] },
  'pl-zhou': { roles: ['planner'], workshops: ['WS-ASM', 'WS-MCH'], warehouses: [] },
};
const SUPERVISOR: Record<string, string> = { 'WS-ASM': 'sv-ma' };
const RANK = { info: 0, warning: 1, critical: 2 } as const;

interface TestAlert {
  kind: AlertKind;
  severity: keyof typeof RANK;
  workshop: string | null;
  warehouse: string | null;
  owner: string | null;
}

/** The oracle, written apart from the module: who should hear of an alert, on which channel. */
function expected(rules: AlertRuleInput[], alert: TestAlert): string[] {
  const out = new Set<string>();
  const covers = (list: string[], code: string | null) =>
    code === null || list.length === 0 || list.includes(code);
  for (const r of rules) {
    if (r.kinds.length && !r.kinds.includes(alert.kind)) continue;
    if (RANK[alert.severity] < RANK[r.minSeverity]) continue;
    if (r.workshops.length && !(alert.workshop && r.workshops.includes(alert.workshop))) continue;
    if (r.warehouses.length && !(alert.warehouse && r.warehouses.includes(alert.warehouse))) continue;
    const users = new Set(r.recipients.users);
    for (const role of r.recipients.roles) {
      if (role === 'owner' && alert.owner) users.add(alert.owner);
      if (role === 'supervisor' && alert.workshop && SUPERVISOR[alert.workshop])
        users.add(SUPERVISOR[alert.workshop]!);
      for (const [id, p] of Object.entries(PEOPLE)) {
        if (role === 'approvers' && alert.warehouse && p.warehouses.includes(alert.warehouse)) users.add(id);
        if (
          p.roles.includes(role) &&
          covers(p.workshops, alert.workshop) &&
          covers(p.warehouses, alert.warehouse)
        )
          users.add(id);
      }
    }
    for (const u of users)
      if (REACH[u] && r.channels.includes(REACH[u] as never)) out.add(`${u}:${REACH[u]}`);
  }
  return [...out].sort();
}

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
const ruleArb: fc.Arbitrary<AlertRuleInput> = fc.record({
  name: fc.constant('性质测试'),
  active: fc.constant(true),
  kinds: subset<AlertKind>(['system', 'sync-failure', 'safety-stock']),
  minSeverity: fc.constantFrom('info' as const, 'warning' as const, 'critical' as const),
  workshops: subset(['WS-ASM', 'WS-MCH']),
  warehouses: subset(['WH-RM']),
  recipients: fc.record({
    users: subset(['op-li', 'ap-ding', 'sv-ma', 'pl-zhou', 'admin']),
    roles: subset(['owner', 'supervisor', 'approvers', 'planner', 'operator'] as const),
  }),
  channels: fc.subarray(['dingtalk', 'wecom', 'email'] as const, { minLength: 1 }).map((c) => [...c]),
  quietHours: fc.option(fc.constant({ from: '22:00', to: '07:00' }), { nil: null }),
  escalation: fc.constant([]),
});
const alertArb: fc.Arbitrary<TestAlert> = fc.record({
  kind: fc.constantFrom<AlertKind>('system', 'sync-failure', 'safety-stock'),
  severity: fc.constantFrom('info' as const, 'warning' as const, 'critical' as const),
  workshop: fc.constantFrom(null, 'WS-ASM', 'WS-MCH'),
  warehouse: fc.constantFrom(null, 'WH-RM'),
  owner: fc.constantFrom(null, 'op-li', 'sv-ma', 'op-wang'),
});

describe.each(backends())('alert rule deliveries on %s', (backend) => {
  let server: TestServer;
  let subjectNo = 0;
  const tick = () => server.services.workers.alertRules.tick();

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      env: { ...env, SHOPFLOOR_SMTP_URL: smtpUrl },
      seed: seedAlertPeople,
    });
    current = server;
    await tick(); // seeds the default rule, which each test replaces
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    calls.length = 0;
    mails.length = 0;
    robotPosts.length = 0;
    await sql`delete from alert_rules`.execute(server.database.db);
  });

  const raise = (alert: TestAlert) =>
    openAlert(server.database.db, {
      orgId: server.deps.config.orgId,
      subject: `P-${++subjectNo}`,
      message: `性质测试 ${subjectNo}`,
      at: server.clock.now(),
      ...alert,
    });

  it('e-mails a person through a real SMTP server, in Chinese with the deep link', async () => {
    server.clock.set('2026-12-02T09:00:00+08:00');
    expect(
      (
        await api(server, 'admin', 'POST', '/alert-rules', {
          name: '计划邮件',
          kinds: ['system'],
          recipients: { users: ['pl-zhou'], roles: [] },
          channels: ['email'],
        })
      ).status,
    ).toBe(201);
    const alert = await raise({
      kind: 'system',
      severity: 'warning',
      workshop: null,
      warehouse: null,
      owner: null,
    });
    await tick();
    expect(mails.map((m) => m.to)).toEqual([['zhou@factory.example.cn']]);
    const text = mailText(mails[0]!.raw);
    expect(text).toContain('预警通知（1 条）');
    expect(text).toContain(`查看：${PUBLIC_URL}/app/#/pages/alerts/index?id=${alert.id}`);
    expect(text).not.toContain('**');
    await tick();
    expect(mails).toHaveLength(1);
  });

  it('posts to a group robot connector named as a channel', async () => {
    server.clock.set('2026-12-02T10:00:00+08:00');
    const robot = await api(server, 'admin', 'POST', '/sync/connectors', {
      kind: 'wecom-robot',
      name: '车间群机器人',
      config: { key: 'robot-key-1' },
    });
    expect(robot.status).toBe(201);
    const created = await api(server, 'admin', 'POST', '/alert-rules', {
      name: '车间群',
      kinds: ['sync-failure'],
      recipients: { users: [], roles: [] },
      channels: [`robot:${robot.body.id}`],
    });
    expect(created.status).toBe(201);
    const alert = await raise({
      kind: 'sync-failure',
      severity: 'critical',
      workshop: null,
      warehouse: null,
      owner: null,
    });
    await tick();
    expect(robotPosts).toHaveLength(1);
    expect(robotPosts[0]!.key).toBe('robot-key-1');
    expect(linkedAlerts(robotPosts[0]!.content)).toEqual([alert.id]);
    expect((await api(server, 'admin', 'GET', `/alerts/${alert.id}/notifications`)).body.items).toMatchObject(
      [{ user: '', channel: `robot:${robot.body.id}`, state: 'sent' }],
    );
  });

  it('for any rules and alerts: each (alert, person, channel) is sent at most once, and every due one is', async () => {
    let day = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
        fc.array(alertArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 23 }),
        async (rules, alerts, hour) => {
          await sql`delete from alert_rules`.execute(server.database.db);
          calls.length = 0;
          mails.length = 0;
          // A fresh day each run: alerts of earlier runs are past the first-level window.
          server.clock.set(
            new Date(Date.parse('2026-12-10T00:00:00+08:00') + (day++ * 2 * 24 + hour) * 3_600_000),
          );
          for (const r of rules)
            await insertRule(server.database.db, server.deps.config.orgId, r, 'admin', server.clock.now());
          const opened: { id: string; alert: TestAlert }[] = [];
          for (const a of alerts) opened.push({ id: (await raise(a)).id, alert: a });
          // Ticks over a day: every quiet hour ends within it.
          for (let i = 0; i < 3; i++) {
            await tick();
            server.clock.advance(2_000);
          }
          for (let h = 0; h < 25; h++) {
            await tick();
            server.clock.advance(3_600_000);
          }
          const sent: string[] = [];
          for (const c of calls)
            for (const to of c.to)
              for (const id of linkedAlerts(c.text))
                sent.push(`${id}:${PLATFORM_USER[to]}:${c.api === 'wecom.send' ? 'wecom' : 'dingtalk'}`);
          for (const m of mails)
            for (const to of m.to)
              for (const id of linkedAlerts(mailText(m.raw))) sent.push(`${id}:${EMAIL_USER[to]}:email`);
          total += sent.length;
          expect(new Set(sent).size).toBe(sent.length);
          const due = opened.flatMap(({ id, alert }) => expected(rules, alert).map((t) => `${id}:${t}`));
          expect(sent.sort()).toEqual(due.sort());
        },
      ),
      { numRuns: 12 },
    );
    // Not vacuous: the runs did send.
    expect(total).toBeGreaterThan(12);
  });
});
