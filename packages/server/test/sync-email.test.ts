import type { AddressInfo } from 'node:net';
import { type ShopfloorClient, SyncConnector } from '@shopfloor/sdk';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlert } from '../src/modules/alerts/store.js';
import type { SyncWorker } from '../src/modules/sync/worker.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Quoted-printable (=XX escapes) to the bytes it stands for. */
const qpBytes = (text: string) =>
  Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );

/** Reads what nodemailer wrote (raw is the message as latin1): the decoded subject and text part. */
function readMail(raw: string, to: string[]): Mail {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1] ?? '';
  const subject = header('Subject').replace(
    /=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi,
    (_m, enc: string, text: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text.replace(/_/g, ' '))).toString(
        'utf8',
      ),
  );
  const body = rest.join('\r\n\r\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? qpBytes(body.replace(/=\r\n/g, ''))
        : Buffer.from(body, 'latin1');
  return { to, subject, text: bytes.toString('utf8') };
}

describe.each(backends())('e-mail connector on %s', (backend) => {
  let server: TestServer;
  let admin: ShopfloorClient;
  let worker: SyncWorker;
  let smtp: SMTPServer;
  let smtpUrl: string;
  let refuseMail = false;
  const mails: Mail[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(_address, _session, done) {
        done(refuseMail ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address).sort();
          mails.push(readMail(Buffer.concat(chunks).toString('latin1'), to));
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    server = await startTestServer({ backend, seed: seedUsers });
    admin = await server.as('admin');
    worker = server.services.workers.sync as SyncWorker;
  });
  afterAll(async () => {
    await worker?.close();
    await server?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const addConnector = (config: Record<string, unknown>, name = '仓库主管邮箱') =>
    admin.request({
      method: 'POST',
      path: '/sync/connectors',
      body: { kind: 'email', name, config },
      schema: SyncConnector,
    });
  const alert = (subject: string, message: string) =>
    openAlert(server.database.db, { orgId: 'demo', kind: 'system', severity: 'critical', subject, message });
  /** Delivers whatever is due, moving the fake clock past the one-message-a-minute window. */
  const deliver = async () => {
    server.clock.advance(61_000);
    await worker.tick();
  };

  it('sends alerts as one plain-text mail to every address, in Chinese by default', async () => {
    const connector = await addConnector({ to: ['wang@factory.test', 'li@factory.test'], smtpUrl });
    mails.length = 0;
    await alert('DB-1', '数据库只读');
    await alert('DB-2', 'disk nearly full');
    await deliver();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toEqual(['li@factory.test', 'wang@factory.test']);
    expect(mail.subject).toBe('Shopfloor 预警 (2)');
    // Markdown marks are gone: a mail reader shows the text as typed.
    expect(mail.text).not.toMatch(/\*\*|###/);
    expect(mail.text).toContain('[严重] 系统 DB-1: 数据库只读');
    expect(mail.text).toContain('DB-2: disk nearly full');
    const [row] = await server.database.db
      .selectFrom('sync_connectors')
      .select(['last_success_at', 'last_error'])
      .where('id', '=', connector.id)
      .execute();
    expect(row?.last_success_at).not.toBeNull();
    await admin.request({ method: 'DELETE', path: `/sync/connectors/${connector.id}` });
  });

  it('words the mail in English when the connector says so', async () => {
    const connector = await addConnector({ to: ['ops@factory.test'], smtpUrl, locale: 'en' }, 'ops');
    mails.length = 0;
    await alert('DB-3', 'replica lag');
    await deliver();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Shopfloor alerts (1)');
    expect(mails[0]!.text).toContain('[critical] system DB-3: replica lag');
    await admin.request({ method: 'DELETE', path: `/sync/connectors/${connector.id}` });
  });

  it('a refused mail is a failed delivery with the server’s words, retried later', async () => {
    const connector = await addConnector({ to: ['gone@factory.test'], smtpUrl }, 'bounce');
    mails.length = 0;
    refuseMail = true;
    await alert('DB-4', 'x');
    await deliver();
    const [failed] = await server.database.db
      .selectFrom('sync_deliveries')
      .select(['attempts', 'last_error', 'delivered_at'])
      .where('connector_id', '=', connector.id)
      .execute();
    expect(failed?.attempts).toBe(1);
    expect(failed?.delivered_at).toBeNull();
    expect(failed?.last_error).toMatch(/550|mailbox unavailable/);
    refuseMail = false;
    server.clock.advance(10 * 60_000);
    await worker.tick();
    expect(mails).toHaveLength(1);
    await admin.request({ method: 'DELETE', path: `/sync/connectors/${connector.id}` });
  });

  it('refuses addresses that are not e-mail addresses, naming the field', async () => {
    const res = await fetch(`${server.url}/api/v1/sync/connectors`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await server.token('admin')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'email', name: 'bad', config: { to: ['not-an-address'] } }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain('config.to.0');
  });
});
