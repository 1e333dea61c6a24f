import { connect } from 'node:tls';
import type { CheckupCheck } from '@shopfloor/sdk/admin';
import type { CheckupContext } from '../context.js';
import { check, errorMessage, say } from '../words.js';

interface Endpoint {
  host: string;
  port: number;
  /** Who calls it: a connector's name or a platform. */
  by: string;
}

type Expiry = { endpoint: Endpoint; validTo: Date } | { endpoint: Endpoint; error: string };

/** Every TLS endpoint the server calls: https webhooks, amqps brokers, the platform APIs in use. */
export async function tlsEndpoints(ctx: CheckupContext): Promise<Endpoint[]> {
  const connectors = await ctx.db
    .selectFrom('sync_connectors')
    .select(['name', 'kind', 'config'])
    .where('org_id', '=', ctx.config.orgId)
    .where('enabled', '=', true)
    .execute();
  const urls: { url: string; by: string }[] = [];
  const bases = ctx.config.platformApiBase;
  for (const c of connectors) {
    const config = (typeof c.config === 'string' ? JSON.parse(c.config) : c.config) as Record<
      string,
      unknown
    >;
    if (typeof config.url === 'string') urls.push({ url: config.url, by: c.name });
    if (c.kind.startsWith('dingtalk-')) urls.push({ url: bases.dingtalk, by: c.name });
    if (c.kind.startsWith('wecom-')) urls.push({ url: bases.wecom, by: c.name });
  }
  if (ctx.config.dingtalk) urls.push({ url: ctx.config.dingtalk.apiBase, by: 'DingTalk' });
  if (ctx.config.wecom) urls.push({ url: ctx.config.wecom.apiBase, by: 'WeCom' });
  const seen = new Map<string, Endpoint>();
  for (const { url, by } of urls) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      continue;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'amqps:') continue;
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 5671));
    const key = `${u.hostname}:${port}`;
    const known = seen.get(key);
    if (known) known.by = known.by.includes(by) ? known.by : `${known.by}, ${by}`;
    else seen.set(key, { host: u.hostname, port, by });
  }
  return [...seen.values()];
}

/** The peer certificate's expiry, trusted or not (an untrusted one is the connector's own failure to report). */
export function certificateExpiry(endpoint: Endpoint, timeoutMs: number): Promise<Expiry> {
  return new Promise((resolve) => {
    const socket = connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: /^[\d.:]+$/.test(endpoint.host) ? undefined : endpoint.host,
      rejectUnauthorized: false,
    });
    const done = (result: Expiry) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ endpoint, error: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.valid_to) done({ endpoint, error: 'no certificate presented' });
      else done({ endpoint, validTo: new Date(cert.valid_to) });
    });
    socket.once('error', (err) => done({ endpoint, error: errorMessage(err) }));
  });
}

export async function certificatesCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const endpoints = await tlsEndpoints(ctx);
  if (endpoints.length === 0) {
    return check('certificates', 'ok', say('没有需要检查证书的 HTTPS 端点', 'no HTTPS endpoint to check'));
  }
  const results = await Promise.all(
    endpoints.map((e) => certificateExpiry(e, ctx.thresholds.networkTimeoutMs)),
  );
  const now = ctx.clock.now().getTime();
  const warnMs = ctx.thresholds.certificateWarnDays * 86_400_000;
  const failing: string[] = [];
  const expiring: string[] = [];
  const details = results.map((r) => {
    const where = `${r.endpoint.host}:${r.endpoint.port} (${r.endpoint.by})`;
    if ('error' in r) {
      failing.push(where);
      return `${where}: ${r.error}`;
    }
    const days = Math.floor((r.validTo.getTime() - now) / 86_400_000);
    if (r.validTo.getTime() <= now) failing.push(where);
    else if (r.validTo.getTime() - now < warnMs) expiring.push(where);
    return `${where}: valid to ${r.validTo.toISOString()} (${days} d)`;
  });
  const status = failing.length > 0 ? 'fail' : expiring.length > 0 ? 'warn' : 'ok';
  const named = [...failing, ...expiring].join(', ');
  return check(
    'certificates',
    status,
    status === 'ok'
      ? say(
          `${endpoints.length} 个 HTTPS 端点证书均在 ${ctx.thresholds.certificateWarnDays} 天以上有效`,
          `${endpoints.length} HTTPS endpoint(s), every certificate valid for over ${ctx.thresholds.certificateWarnDays} days`,
        )
      : say(
          `证书已过期、无法连接或即将过期：${named}`,
          `certificate expired, unreachable or expiring soon: ${named}`,
        ),
    say(
      `请这些端点的负责人续签证书或修复连接：${named}。`,
      `Have the owners of these endpoints renew their certificates or fix the connection: ${named}.`,
    ),
    details,
  );
}
