import { sql } from 'kysely';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertKind } from '../src/db/schema.js';
import { createAlertRulesWorker } from '../src/modules/alert-rules/worker.js';
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
import { clientFor, fakePlatforms, platformHandlers } from './fixtures-platform.js';
import { releasedWorkOrder } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const calls: PlatformCall[] = [];
const fail = { wecom: 0 };
let current: TestServer | undefined;
const msw = setupServer(
  ...platformHandlers(fakePlatforms().calls),
  ...messageHandlers(calls, () => current?.clock, fail),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

const rule = (over: Record<string, unknown>) => ({
  name: '测试规则',
  recipients: { users: [], roles: [] },
  channels: ['dingtalk', 'wecom'],
  ...over,
});

describe.each(backends())('alert rules on %s', (backend) => {
  let server: TestServer;
  let subjectNo = 0;
  const tick = () => server.services.workers.alertRules.tick();
  const raise = (
    kind: AlertKind,
    severity: 'info' | 'warning' | 'critical',
    extra: Record<string, unknown> = {},
  ) =>
    openAlert(server.database.db, {
      orgId: server.deps.config.orgId,
      kind,
      severity,
      subject: `S-${++subjectNo}`,
      message: `测试预警 ${subjectNo}`,
      at: server.clock.now(),
      ...extra,
    });
  const notifications = async (alertId: string) =>
    (await api(server, 'admin', 'GET', `/alerts/${alertId}/notifications`)).body.items;

  beforeAll(async () => {
    server = await startTestServer({ backend, env, seed: seedAlertPeople });
    current = server;
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    calls.length = 0;
    fail.wecom = 0;
  });

  /** Each test starts from its own rules: the earlier ones' rules and pending rows are cleared. */
  async function onlyRule(body: Record<string, unknown>) {
    await sql`delete from alert_rules`.execute(server.database.db);
    const created = await api(server, 'admin', 'POST', '/alert-rules', rule(body));
    expect(created.status).toBe(201);
    return created.body;
  }

  it('sends a late operation to its owner and its workshop supervisor, once, deep-linked and in Chinese', async () => {
    const planner = await clientFor(server, 'pl-zhou');
    const wo = await releasedWorkOrder(planner, { item: 'TABLE', qty: 2, due: '2026-11-26' });
    await server.database.db
      .updateTable('work_order_operations')
      .set({ owner: 'op-li' })
      .where('work_order_no', '=', wo.no)
      .execute();
    server.clock.set('2026-11-26T22:00:00+08:00');
    await server.services.workers.overdue.tick();
    await tick();

    const alerts = await server.database.db
      .selectFrom('alerts')
      .select(['id', 'workshop', 'owner'])
      .where('subject', '=', `${wo.no}:10`)
      .execute();
    expect(alerts).toEqual([{ id: alerts[0]!.id, workshop: 'WS-ASM', owner: 'op-li' }]);
    const id = alerts[0]!.id;
    const link = `${PUBLIC_URL}/app/#/pages/alerts/index?id=${id}`;

    // The default rule (seeded on the first tick): owner and supervisor, on DingTalk and WeCom.
    const rules = await api(server, 'pl-zhou', 'GET', '/alert-rules');
    expect(
      rules.body.items.map((r: { name: string; recipients: unknown }) => [r.name, r.recipients]),
    ).toEqual([['工序逾期通知负责人和车间主管', { users: [], roles: ['owner', 'supervisor'] }]]);

    calls.sort((a, b) => a.api.localeCompare(b.api));
    expect(calls.map((c) => [c.api, c.to])).toEqual([
      ['dingtalk.notice', ['li-ding']],
      ['wecom.send', ['ma']],
    ]);
    const ding = calls[0]!;
    expect(ding.body.agent_id).toBe(300001);
    expect(ding.body.msg.msgtype).toBe('markdown');
    expect(ding.body.msg.markdown.title).toBe('预警通知（1 条）');
    expect(ding.text).toContain(`工序逾期：${wo.no} 工序 10`);
    expect(ding.text).toContain(`[查看](${link})`);
    expect(calls[1]!.body).toMatchObject({ msgtype: 'markdown', agentid: 1000002 });
    expect(calls[1]!.text).toContain('已逾期 5 小时');
    expect(calls[1]!.text).toContain(link);

    // Again, and the overdue worker again: nothing more.
    await server.services.workers.overdue.tick();
    await tick();
    await tick();
    expect(calls).toHaveLength(2);
    const told = await notifications(id);
    expect(
      told.map((n: Record<string, unknown>) => [n.user, n.userName, n.channel, n.level, n.state]),
    ).toEqual([
      ['op-li', '李师傅', 'dingtalk', 0, 'sent'],
      ['sv-ma', '马主任', 'wecom', 0, 'sent'],
    ]);
    expect(told[0].sentAt).toBe('2026-11-26T22:00:00.000+08:00');
  });

  it('sends nothing twice when two workers run at once', async () => {
    await onlyRule({ kinds: ['emergency-unapproved'], recipients: { users: ['op-li', 'sv-ma'], roles: [] } });
    server.clock.set('2026-11-27T10:00:00+08:00');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await raise('emergency-unapproved', 'warning')).id);
    const other = createAlertRulesWorker(server.deps);
    for (let round = 0; round < 4; round++) {
      await Promise.all([tick(), other.tick(), tick()]);
      server.clock.advance(2_000);
    }
    const seen = new Map<string, number>();
    for (const c of calls)
      for (const a of linkedAlerts(c.text)) seen.set(`${c.to}:${a}`, (seen.get(`${c.to}:${a}`) ?? 0) + 1);
    expect(seen.size).toBe(14);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // Five alerts a digest: two messages each.
    expect(calls.filter((c) => c.api === 'wecom.send')).toHaveLength(2);
    expect(calls.filter((c) => c.api === 'dingtalk.notice')).toHaveLength(2);
  });

  it('holds a warning through quiet hours and releases it after; a critical one goes at once', async () => {
    await onlyRule({
      kinds: ['sync-failure'],
      recipients: { users: ['sv-ma'], roles: [] },
      channels: ['wecom'],
      quietHours: { from: '22:00', to: '07:00' },
    });
    server.clock.set('2026-11-27T23:30:00+08:00');
    const warning = await raise('sync-failure', 'warning');
    await tick();
    expect(calls).toHaveLength(0);
    expect(await notifications(warning.id)).toMatchObject([
      { user: 'sv-ma', channel: 'wecom', state: 'held', nextAttemptAt: '2026-11-28T07:00:00.000+08:00' },
    ]);

    const critical = await raise('sync-failure', 'critical');
    await tick();
    expect(calls.map((c) => linkedAlerts(c.text))).toEqual([[critical.id]]);

    server.clock.set('2026-11-28T06:59:00+08:00');
    await tick();
    expect(calls).toHaveLength(1);
    server.clock.set('2026-11-28T07:00:00+08:00');
    await tick();
    expect(calls.map((c) => linkedAlerts(c.text))).toEqual([[critical.id], [warning.id]]);
    expect((await notifications(warning.id))[0]).toMatchObject({
      state: 'sent',
      sentAt: '2026-11-28T07:00:00.000+08:00',
    });
  });

  it('escalates to the next level after N minutes only while nobody acknowledged', async () => {
    await onlyRule({
      kinds: ['reconciliation-difference'],
      recipients: { users: [], roles: ['owner'] },
      escalation: [
        { afterMinutes: 30, recipients: { users: [], roles: ['supervisor'] } },
        { afterMinutes: 90, recipients: { users: ['ap-ding'], roles: [] } },
      ],
    });
    server.clock.set('2026-11-29T09:00:00+08:00');
    const scope = { workshop: 'WS-ASM', owner: 'op-li' };
    const ignored = await raise('reconciliation-difference', 'warning', scope);
    const seen = await raise('reconciliation-difference', 'warning', scope);
    await tick();
    expect(calls.map((c) => [c.to, linkedAlerts(c.text).sort()])).toEqual([
      [['li-ding'], [ignored.id, seen.id].sort()],
    ]);

    server.clock.set('2026-11-29T09:10:00+08:00');
    expect((await api(server, 'op-li', 'POST', `/alerts/${seen.id}/acknowledge`)).status).toBe(200);
    server.clock.set('2026-11-29T09:29:00+08:00');
    await tick();
    expect(calls).toHaveLength(1);
    server.clock.set('2026-11-29T09:30:00+08:00');
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ api: 'wecom.send', to: ['ma'] });
    expect(linkedAlerts(calls[1]!.text)).toEqual([ignored.id]);
    expect(calls[1]!.text).toContain('预警升级');
    expect(calls[1]!.text).toContain('第 1 级升级：已 30 分钟无人确认');

    server.clock.set('2026-11-29T10:30:00+08:00');
    await tick();
    expect(calls.slice(2).map((c) => [c.to, linkedAlerts(c.text)])).toEqual([[['ding-1'], [ignored.id]]]);
    expect((await notifications(seen.id)).map((n: { level: number }) => n.level)).toEqual([0]);
    expect(
      (await notifications(ignored.id)).map((n: { level: number; user: string }) => [n.level, n.user]),
    ).toEqual([
      [0, 'op-li'],
      [1, 'sv-ma'],
      [2, 'ap-ding'],
    ]);
  });

  it('sends low stock to the approvers of the warehouse it went down in', async () => {
    await onlyRule({
      kinds: ['safety-stock'],
      recipients: { users: [], roles: ['approvers'] },
      channels: ['dingtalk'],
    });
    server.clock.set('2026-11-25T10:00:00+08:00');
    await server.database.db
      .updateTable('items')
      .set({ safety_stock: 90 })
      .where('code', '=', 'SCREW')
      .execute();
    const request = await (await clientFor(server, 'op-li')).issueRequests.create({
      warehouse: 'WH-RM',
      lines: [{ item: 'SCREW', qty: 20, location: 'RM-01' }],
    });
    await (await clientFor(server, 'ap-ding')).issueRequests.approve(request.id);
    const alert = await server.database.db
      .selectFrom('alerts')
      .select(['id', 'warehouse'])
      .where('kind', '=', 'safety-stock')
      .where('subject', '=', 'SCREW')
      .executeTakeFirstOrThrow();
    expect(alert.warehouse).toBe('WH-RM');
    await tick();
    // 赵主管 and 孙仓管 approve for WH-RM too, but use no platform: only 丁主管 hears of it.
    expect(calls.map((c) => [c.api, c.to, linkedAlerts(c.text)])).toEqual([
      ['dingtalk.notice', ['ding-1'], [alert.id]],
    ]);
    expect(calls[0]!.text).toContain('低于安全库存：螺丝 M6（SCREW）');
  });

  it('retries a failed send with back-off and records the error', async () => {
    await onlyRule({ kinds: ['system'], recipients: { users: ['sv-ma'], roles: [] }, channels: ['wecom'] });
    server.clock.set('2026-11-30T09:00:00+08:00');
    const alert = await raise('system', 'warning');
    fail.wecom = 1;
    await tick();
    expect(calls).toHaveLength(0);
    const [row] = await notifications(alert.id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    expect(row.error).toContain('502');
    server.clock.advance(2_001);
    await tick();
    expect(calls).toHaveLength(1);
    expect((await notifications(alert.id))[0]).toMatchObject({ state: 'sent', attempts: 2, error: null });
  });

  it('keeps 200 alerts at once within the per-member and per-app limits, losing none', async () => {
    await onlyRule({ kinds: ['safety-stock'], recipients: { users: ['sv-ma', 'op-li'], roles: [] } });
    server.clock.set('2026-12-01T09:00:00+08:00');
    const start = server.clock.now().getTime();
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add((await raise('safety-stock', 'warning')).id);
    for (let i = 0; i < 150; i++) {
      await tick();
      server.clock.advance(2_000);
    }
    const wecom = calls.filter((c) => c.api === 'wecom.send');
    const ding = calls.filter((c) => c.api === 'dingtalk.notice');
    // Each alert reached each person once.
    for (const list of [wecom, ding]) {
      const got = list.flatMap((c) => linkedAlerts(c.text));
      expect(got).toHaveLength(200);
      expect(new Set(got)).toEqual(ids);
    }
    // WeCom: at most 30 a minute and 1,000 an hour to one member, over every sliding minute.
    for (const c of wecom) {
      expect(wecom.filter((d) => d.at > c.at - 60_000 && d.at <= c.at).length).toBeLessThanOrEqual(30);
    }
    expect(wecom.length).toBeLessThanOrEqual(1000);
    // DingTalk: at most 20 calls a second for the app, 500 a day per user.
    for (const c of ding)
      expect(ding.filter((d) => d.at > c.at - 1_000 && d.at <= c.at).length).toBeLessThanOrEqual(20);
    expect(ding.length).toBeLessThanOrEqual(500);
    // The limit did bite: 40 WeCom digests need more than one minute.
    expect(wecom).toHaveLength(40);
    expect(wecom.at(-1)!.at - start).toBeGreaterThan(60_000);
    expect(wecom.filter((c) => c.at < start + 60_000).length).toBe(24);
  });

  it("sets a user's e-mail for the e-mail channel (admin, audit-logged), refusing a malformed one", async () => {
    const set = await api(server, 'admin', 'PUT', '/users/sk-sun', { email: 'sun@factory.example.cn' });
    expect(set.status).toBe(200);
    // The console's users page shows and edits it in place: the user answers carry it.
    expect(set.body.email).toBe('sun@factory.example.cn');
    const bad = await api(server, 'admin', 'PUT', '/users/sk-sun', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('email');
    const row = await server.database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', 'sk-sun')
      .executeTakeFirst();
    expect(row?.email).toBe('sun@factory.example.cn');
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', 'sk-sun')
      .where('action', '=', 'user.email-changed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses unknown users, workshops and robots with their field paths; admins manage, planners read', async () => {
    const bad = await api(server, 'admin', 'POST', '/alert-rules', {
      ...rule({ workshops: ['WS-NONE'], channels: ['wecom', 'robot:nope'] }),
      recipients: { users: ['ghost'], roles: [] },
      escalation: [{ afterMinutes: 10, recipients: { users: ['op-li', 'ghost2'], roles: ['boss'] } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('escalation.0.recipients.roles.0');
    const bad2 = await api(server, 'admin', 'POST', '/alert-rules', {
      ...rule({ workshops: ['WS-NONE'], channels: ['wecom', 'robot:nope'] }),
      recipients: { users: ['ghost'], roles: [] },
      escalation: [{ afterMinutes: 10, recipients: { users: ['op-li', 'ghost2'], roles: [] } }],
    });
    expect(bad2.status).toBe(400);
    expect(bad2.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'channels.1',
      'escalation.0.recipients.users.1',
      'recipients.users.0',
      'workshops.0',
    ]);
    expect(
      (
        await api(
          server,
          'admin',
          'POST',
          '/alert-rules',
          rule({ quietHours: { from: '25:00', to: '07:00' } }),
        )
      ).body.errors[0].path,
    ).toBe('quietHours.from');

    expect((await api(server, 'pl-zhou', 'POST', '/alert-rules', rule({}))).status).toBe(403);
    expect((await api(server, 'op-li', 'GET', '/alert-rules')).status).toBe(403);
    const created = await api(server, 'admin', 'POST', '/alert-rules', rule({ name: '改前' }));
    const changed = await api(
      server,
      'admin',
      'PUT',
      `/alert-rules/${created.body.id}`,
      rule({ name: '改后', minSeverity: 'critical' }),
    );
    expect(changed.body).toMatchObject({ name: '改后', minSeverity: 'critical', createdBy: 'admin' });
    expect(
      (await api(server, 'pl-zhou', 'GET', '/alert-rules')).body.items.map((r: { name: string }) => r.name),
    ).toContain('改后');
    expect((await api(server, 'admin', 'DELETE', `/alert-rules/${created.body.id}`)).status).toBe(200);
    expect((await api(server, 'admin', 'DELETE', `/alert-rules/${created.body.id}`)).status).toBe(404);
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'alert-rule.created',
      'alert-rule.updated',
      'alert-rule.deleted',
    ]);
  });
});
