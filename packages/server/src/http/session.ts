import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@shopfloor/sdk';
import { sign, verify } from 'hono/jwt';

/**
 * Who is calling. The session token names the org and user; roles and scopes in it are what they
 * were at sign-in, so authenticate() takes them from the users table (through a cache) instead.
 */
export interface Principal {
  orgId: string;
  userId: string;
  name: string;
  roles: Role[];
  workshops: string[];
  warehouses: string[];
  /** Minted while the server ran in demo mode: refused once it runs in production mode. */
  demo?: boolean;
}

export const SESSION_TTL_SECONDS = 12 * 3600;
export const API_TOKEN_PREFIX = 'sft_';

export async function signSession(p: Principal, secret: string, nowSeconds: number): Promise<string> {
  return sign(
    {
      sub: p.userId,
      org: p.orgId,
      name: p.name,
      roles: p.roles,
      ws: p.workshops,
      wh: p.warehouses,
      ...(p.demo ? { demo: true } : {}),
      iat: nowSeconds,
      exp: nowSeconds + SESSION_TTL_SECONDS,
    },
    secret,
    'HS256',
  );
}

/**
 * Tokens whose signature checked out, with their claims: a client sends the same token with every
 * request, and an HMAC through WebCrypto (key import, a thread-pool job) costs more than the rest
 * of authentication. Keyed by the exact token text; the secret is compared on every hit and the
 * expiry checked against the clock as for a fresh token. Oldest entries go first beyond the bound.
 */
const verified = new Map<string, { secret: string; principal: Principal; exp: number }>();
const VERIFIED_CACHE_SIZE = 10_000;

/** The principal of a valid session token, or null when forged, malformed or expired. */
export async function verifySession(
  token: string,
  secret: string,
  nowSeconds: number,
): Promise<Principal | null> {
  const known = verified.get(token);
  if (known && known.secret === secret) return known.exp <= nowSeconds ? null : known.principal;
  try {
    // Time is checked against the injected clock, not hono's wall clock, so tests and replays agree.
    const claims = await verify(token, secret, { alg: 'HS256', exp: false, iat: false, nbf: false });
    if (typeof claims.exp !== 'number') return null;
    // Shared by every request that carries the token: frozen, so no request can change another's.
    const principal: Principal = Object.freeze({
      userId: String(claims.sub),
      orgId: String(claims.org),
      name: String(claims.name ?? ''),
      roles: Object.freeze([...((claims.roles as Role[]) ?? [])]) as Role[],
      workshops: Object.freeze([...((claims.ws as string[]) ?? [])]) as string[],
      warehouses: Object.freeze([...((claims.wh as string[]) ?? [])]) as string[],
      ...(claims.demo === true ? { demo: true } : {}),
    });
    verified.set(token, { secret, principal, exp: claims.exp });
    if (verified.size > VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    return claims.exp <= nowSeconds ? null : principal;
  } catch {
    return null;
  }
}

export function newApiToken(): { token: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(24).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
