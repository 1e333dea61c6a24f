import type { ConnectorKind } from '../../db/schema.js';

/** Config fields that are secrets, by kind: never answered (an edit that leaves them out keeps them). */
const SECRET_FIELDS: Partial<Record<ConnectorKind, readonly string[]>> = {
  webhook: ['secret'],
  'dingtalk-robot': ['accessToken', 'secret'],
  'wecom-robot': ['key'],
  // Request headers usually carry the other system's credentials (Authorization, tokens).
  'http-poll': ['headers'],
};
/** Inside nested options (ERP adapters): any key that names a credential. */
const SECRET_KEY = /secret|password|passwd|token|key|credential|cookie|auth/i;

/** A URL with its password replaced, so the host and user stay readable. */
function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !SECRET_KEY.test(key))
        .map(([key, v]) => [key, scrub(v)]),
    );
  }
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)
    ? withoutPassword(value)
    : value;
}

/**
 * What the console may show of a connector's config: secrets dropped, passwords in URLs masked
 * (amqp://, mysql://, smtp://), credential-like keys of nested options dropped.
 */
export function connectorSettings(
  kind: ConnectorKind,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = new Set(SECRET_FIELDS[kind] ?? []);
  const kept = Object.fromEntries(Object.entries(config).filter(([key]) => !secrets.has(key)));
  return scrub(kept) as Record<string, unknown>;
}
