import type { IssueRequest, ShopfloorClient } from '@shopfloor/sdk';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestLink } from '../src/modules/chat-approvals/cards.js';
import { createWeComCallbackCrypto } from '../src/modules/platform/callback-crypto/wecom.js';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import {
  clientFor,
  DINGTALK_BASE,
  fakePlatforms,
  platformEnv,
  platformHandlers,
  WECOM_BASE,
} from './fixtures-platform.js';
import { addItem, ORG, receiptBy, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const PUBLIC_URL = 'https://mes.example.cn';
const env = {
  ...platformEnv,
  SHOPFLOOR_WECOM_CALLBACK_TOKEN: TOKEN,
  SHOPFLOOR_WECOM_CALLBACK_AES_KEY: AES_KEY,
  SHOPFLOOR_PUBLIC_URL: PUBLIC_URL,
  SHOPFLOOR_DINGTALK_APPROVAL_NOTICES: 'on',
};

/** What the fake WeCom/DingTalk received; `failSends` makes the next message/send answer HTTP 502. */
const fake = fakePlatforms();
let failSends = 0;
let sendNo = 0;
let lastSendCode = '';
const msw = setupServer(
  ...platformHandlers(fake.calls),
  http.post(`${WECOM_BASE}/cgi-bin/message/send`, async ({ request }) => {
    fake.calls.push({ api: 'wecom.send', query: {}, body: await request.json() });
    if (failSends > 0) {
      failSends--;
      return new HttpResponse('busy', { status: 502 });
    }
    lastSendCode = `RC-SEND-${++sendNo}`;
    return HttpResponse.json({ errcode: 0, msgid: `m${sendNo}`, response_code: lastSendCode });
  }),
  http.post(`${WECOM_BASE}/cgi-bin/message/update_template_card`, async ({ request }) => {
    fake.calls.push({ api: 'wecom.update', query: {}, body: await request.json() });
    return HttpResponse.json({ errcode: 0, invaliduser: [] });
  }),
  http.post(`${DINGTALK_BASE}/topapi/message/corpconversation/asyncsend_v2`, async ({ request }) => {
    fake.calls.push({ api: 'dingtalk.notice', query: {}, body: await request.json() });
    return HttpResponse.json({ errcode: 0, task_id: 1 });
  }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

// biome-ignore lint/suspicious/noExplicitAny: the platforms' JSON bodies, read by the assertions
type Body = Record<string, any>;
const bodies = (api: string): Body[] => fake.calls.filter((c) => c.api === api).map((c) => c.body as Body);

describe.each(backends())('approving issue requests from the chat on %s', (backend) => {
  let server: TestServer;
  const clients = new Map<string, ShopfloorClient>();
  const as = async (id: string) => {
    if (!clients.has(id)) clients.set(id, await clientFor(server, id));
    return clients.get(id)!;
  };

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      env,
      seed: async (db, config) => {
        await seedStock(db, config);
        await db
          .updateTable('users')
          .set({ platform: 'wecom', platform_user_id: 'zhao' })
          .where('id', '=', 'ap-zhao')
          .execute();
        await db
          .updateTable('users')
          .set({ platform: 'wecom', platform_user_id: 'qian' })
          .where('id', '=', 'ap-qian')
          .execute();
        await db
          .insertInto('users')
          .values([
            // 王: a second approver of WH-RM; 吴: a storekeeper-approver who also makes requests.
            {
              org_id: ORG,
              id: 'ap-wang',
              name: '王主管',
              roles: ['approver'],
              warehouses: ['WH-RM'],
              platform: 'wecom',
              platform_user_id: 'wang',
            },
            {
              org_id: ORG,
              id: 'sk-wu',
              name: '吴仓管',
              roles: ['storekeeper', 'approver'],
              warehouses: ['WH-RM'],
              platform: 'wecom',
              platform_user_id: 'wu',
            },
            {
              org_id: ORG,
              id: 'ap-ding',
              name: '丁主管',
              roles: ['approver'],
              warehouses: ['WH-RM'],
              platform: 'dingtalk',
              platform_user_id: 'ding-1',
            },
          ])
          .execute();
      },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => fake.reset());

  const crypto = () =>
    createWeComCallbackCrypto(
      { token: TOKEN, encodingAesKey: AES_KEY, receiveId: platformEnv.WECOM_CORP_ID },
      server.clock,
    );
  const tag = (xml: string, name: string) =>
    new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(xml)![1]!;

  /** POSTs a message to the callback the way WeCom does: encrypted and signed with the Token. */
  async function callback(message: string, tamper?: (q: URLSearchParams) => void): Promise<Response> {
    const sealed = crypto().encryptReply(message);
    const q = new URLSearchParams({
      msg_signature: tag(sealed, 'MsgSignature'),
      timestamp: tag(sealed, 'TimeStamp'),
      nonce: tag(sealed, 'Nonce'),
    });
    tamper?.(q);
    const body = `<xml><ToUserName><![CDATA[${platformEnv.WECOM_CORP_ID}]]></ToUserName><Encrypt><![CDATA[${tag(sealed, 'Encrypt')}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
    return fetch(`${server.url}/api/v1/platform/wecom/callback?${q}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/xml' },
    });
  }

  let pressNo = 0;
  const press = (
    user: string,
    request: IssueRequest,
    key: 'approve' | 'reject',
    code = `RC-PRESS-${++pressNo}`,
  ) =>
    `<xml><ToUserName><![CDATA[${platformEnv.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName><CreateTime>${Math.floor(server.clock.now().getTime() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[sf-ir-${request.id}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${code}]]></ResponseCode><AgentID>1000002</AgentID></xml>`;

  const tick = () => server.services.workers.chatApprovals.tick();
  const onHand = async (item: string) =>
    (await (await as('admin')).stock.balancesPage({ item, limit: 50 })).items.reduce((s, b) => s + b.qty, 0);
  const fresh = async (item: string, stock: number) => {
    await addItem(server.database.db, item);
    if (stock > 0) await receiptBy(await as('sk-sun'), [{ item, qty: stock }]);
  };
  const create = async (user: string, item: string, qty: number) =>
    (await as(user)).issueRequests.create({ warehouse: 'WH-RM', lines: [{ item, qty, location: 'RM-A01' }] });
  const requestBy = async (user: string, item: string, qty: number) => {
    const request = await create(user, item, qty);
    // A minute later: the worker's per-minute budget is whole again.
    server.clock.advance(61_000);
    await tick();
    return request;
  };
  const get = async (id: string) => (await as('admin')).issueRequests.get(id);

  it('answers the URL check with the decrypted echostr, and refuses a forged one (401)', async () => {
    const sealed = crypto().encryptReply('1616140317555161061');
    const q = new URLSearchParams({
      msg_signature: tag(sealed, 'MsgSignature'),
      timestamp: tag(sealed, 'TimeStamp'),
      nonce: tag(sealed, 'Nonce'),
      echostr: tag(sealed, 'Encrypt'),
    });
    const ok = await fetch(`${server.url}/api/v1/platform/wecom/callback?${q}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1616140317555161061');
    q.set('msg_signature', '0'.repeat(40));
    const forged = await fetch(`${server.url}/api/v1/platform/wecom/callback?${q}`);
    expect(forged.status).toBe(401);
  });

  it('sends the warehouse approvers a template card (DingTalk users a work notice) once, through the worker', async () => {
    await fresh('CA-SEND', 10);
    const request = await requestBy('op-li', 'CA-SEND', 3);
    const [send, ...more] = bodies('wecom.send');
    expect(more).toEqual([]);
    const link = requestLink(PUBLIC_URL, request.id);
    expect(link).toBe(`${PUBLIC_URL}/app/#/pages/issue-requests/index?id=${request.id}`);
    // 王, 赵 and 吴 (ordered by user id) approve for WH-RM; 钱 (WH-FG) does not.
    expect(send).toMatchObject({
      touser: 'wang|zhao|wu',
      msgtype: 'template_card',
      agentid: 1000002,
      template_card: {
        card_type: 'button_interaction',
        task_id: `sf-ir-${request.id}`,
        card_action: { type: 1, url: link },
        button_list: [
          { text: '批准', key: 'approve' },
          { text: '驳回', key: 'reject' },
          { text: '查看', type: 1, url: link },
        ],
      },
    });
    expect(bodies('dingtalk.notice')).toMatchObject([
      { userid_list: 'ding-1', msg: { msgtype: 'action_card', action_card: { single_url: link } } },
    ]);
    await tick();
    expect(bodies('wecom.send')).toHaveLength(1);
    expect(bodies('dingtalk.notice')).toHaveLength(1);
  });

  it('retries a card WeCom did not take, after a back-off', async () => {
    await fresh('CA-RETRY', 10);
    failSends = 1;
    const request = await requestBy('op-li', 'CA-RETRY', 1);
    expect(bodies('wecom.send')).toHaveLength(1);
    await tick();
    expect(bodies('wecom.send')).toHaveLength(1); // not due yet
    server.clock.advance(5_000);
    await tick();
    expect(bodies('wecom.send')).toHaveLength(2);
    expect(bodies('wecom.send')[1]!.template_card.task_id).toBe(`sf-ir-${request.id}`);
    server.clock.advance(600_000);
    await tick();
    expect(bodies('wecom.send')).toHaveLength(2);
  });

  it('spreads a burst of requests over minutes: at most 20 card messages a minute', async () => {
    await fresh('CA-BURST', 100);
    server.clock.advance(61_000);
    for (let n = 0; n < 12; n++) await create('op-li', 'CA-BURST', 1);
    const sent = () => bodies('wecom.send').length + bodies('dingtalk.notice').length;
    await tick();
    expect(sent()).toBe(20);
    server.clock.advance(30_000);
    await tick();
    expect(sent()).toBe(20);
    server.clock.advance(31_000);
    await tick();
    expect(sent()).toBe(24);
    expect(new Set(bodies('wecom.send').map((b) => b.template_card.task_id)).size).toBe(12);
  });

  it('refuses a forged press (401): nothing is decided', async () => {
    await fresh('CA-FORGED', 10);
    const request = await requestBy('op-li', 'CA-FORGED', 2);
    // One hex digit changed (to another digit: never the same).
    const res = await callback(press('zhao', request, 'approve'), (q) => {
      const signature = q.get('msg_signature')!;
      q.set('msg_signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    });
    expect(res.status).toBe(401);
    const stale = await callback(press('zhao', request, 'approve'), (q) => q.set('timestamp', '1600000000'));
    expect(stale.status).toBe(401);
    expect((await get(request.id)).status).toBe('pending');
    expect(await onHand('CA-FORGED')).toBe(10);
  });

  it('approves from the card as the mapped user, moving stock like the app; the card shows who; a replay acts once', async () => {
    await fresh('CA-OK', 20);
    const request = await requestBy('op-li', 'CA-OK', 7);
    const message = press('zhao', request, 'approve', 'RC-ZHAO-1');
    const res = await callback(message);
    expect(await res.text()).toBe('');
    expect(res.status).toBe(200);
    const after = await get(request.id);
    expect(after.status).toBe('approved');
    expect(after.lines[0]!.approvedQty).toBe(7);
    expect(after.approvals).toMatchObject([{ approver: 'ap-zhao', decision: 'approved' }]);
    expect(await onHand('CA-OK')).toBe(13);
    const movements = await (await as('admin')).stock.movementsPage({ item: 'CA-OK', kind: 'issue' });
    expect(movements.items).toMatchObject([
      {
        qty: -7,
        location: 'RM-A01',
        sourceDocument: { type: 'issue-request', id: request.id },
        by: 'ap-zhao',
      },
    ]);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
    expect(bodies('wecom.update')).toMatchObject([
      { atall: 1, response_code: 'RC-ZHAO-1', template_card: { replace_text: '已由赵主管批准' } },
    ]);

    expect((await callback(message)).status).toBe(200);
    expect((await get(request.id)).approvals).toHaveLength(1);
    expect(await onHand('CA-OK')).toBe(13);
    expect(bodies('wecom.update')).toHaveLength(1);
    await tick();
    expect(bodies('wecom.update')).toHaveLength(1);
  });

  it('refuses approving one’s own request from the card, and tells that user why', async () => {
    await fresh('CA-SELF', 10);
    const request = await requestBy('sk-wu', 'CA-SELF', 2);
    expect(bodies('wecom.send')[0]!.touser).toBe('wang|zhao');
    expect((await callback(press('wu', request, 'approve', 'RC-WU'))).status).toBe(200);
    expect((await get(request.id)).status).toBe('pending');
    expect(await onHand('CA-SELF')).toBe(10);
    expect(bodies('wecom.update')).toEqual([
      expect.objectContaining({ userids: ['wu'], response_code: 'RC-WU' }),
    ]);
    expect(bodies('wecom.update')[0]!.template_card.sub_title_text).toContain('不能审批自己的申请');
    expect(bodies('wecom.update')[0]!.atall).toBeUndefined();
    // WeCom repeating the press: acknowledged, nothing said twice.
    expect((await callback(press('wu', request, 'approve', 'RC-WU'))).status).toBe(200);
    expect(bodies('wecom.update')).toHaveLength(1);
  });

  it('refuses an approver out of the warehouse’s scope, and an unknown WeCom user', async () => {
    await fresh('CA-SCOPE', 10);
    const request = await requestBy('op-li', 'CA-SCOPE', 2);
    await callback(press('qian', request, 'approve', 'RC-QIAN'));
    await callback(press('stranger', request, 'reject', 'RC-X'));
    expect((await get(request.id)).status).toBe('pending');
    const [qian, stranger] = bodies('wecom.update');
    expect(qian).toMatchObject({ userids: ['qian'], response_code: 'RC-QIAN' });
    expect(qian!.template_card.sub_title_text).toContain('你不负责仓库 WH-RM 的审批');
    expect(stranger).toMatchObject({ userids: ['stranger'] });
    expect(stranger!.template_card.sub_title_text).toContain('未关联');
  });

  it('says on the card that stock is short and leaves partial approval to the app', async () => {
    await fresh('CA-SHORT', 3);
    const request = await requestBy('op-li', 'CA-SHORT', 5);
    await callback(press('zhao', request, 'approve', 'RC-SHORT'));
    expect((await get(request.id)).status).toBe('pending');
    expect(bodies('wecom.update')[0]!.template_card.sub_title_text).toContain('库存不足');
    expect(await onHand('CA-SHORT')).toBe(3);
  });

  it('a decision in the app updates the card for everyone; a later press only hears who decided', async () => {
    await fresh('CA-APP', 10);
    const request = await requestBy('op-li', 'CA-APP', 2);
    await (await as('ap-wang')).issueRequests.reject(request.id, { comment: '不需要' });
    await tick();
    expect(bodies('wecom.update')).toMatchObject([
      { atall: 1, response_code: lastSendCode, template_card: { replace_text: '已被王主管驳回' } },
    ]);
    await callback(press('zhao', request, 'approve'));
    expect((await get(request.id)).approvals).toMatchObject([{ approver: 'ap-wang', decision: 'rejected' }]);
    expect(await onHand('CA-APP')).toBe(10);
    expect(bodies('wecom.update')).toHaveLength(1);
  });

  it('the app and the card deciding at the same moment: exactly one wins and the card names the winner', async () => {
    for (let round = 0; round < 3; round++) {
      const item = `CA-RACE-${round}`;
      await fresh(item, 10);
      const request = await requestBy('op-li', item, 4);
      fake.reset();
      const wang = await as('ap-wang');
      const [app, card] = await Promise.allSettled([
        wang.issueRequests.approve(request.id, {}),
        callback(press('zhao', request, 'reject')),
      ]);
      expect(card.status).toBe('fulfilled');
      await tick();
      const after = await get(request.id);
      expect(after.approvals).toHaveLength(1);
      const winner = after.approvals[0]!;
      if (winner.approver === 'ap-wang') {
        expect(app.status).toBe('fulfilled');
        expect(after.status).toBe('approved');
        expect(await onHand(item)).toBe(6);
      } else {
        expect(app.status).toBe('rejected');
        expect(after.status).toBe('rejected');
        expect(await onHand(item)).toBe(10);
      }
      const updates = bodies('wecom.update').filter((u) => u.atall === 1);
      expect(updates).toHaveLength(1);
      expect(updates[0]!.template_card.replace_text).toBe(
        winner.approver === 'ap-wang' ? '已由王主管批准' : '已被赵主管驳回',
      );
    }
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });
});
