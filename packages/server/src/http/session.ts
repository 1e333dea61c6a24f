import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@shopfloor/sdk';
import { sign, verify } from 'hono/jwt';

/** Who is calling: carried in the signed session token, so no request needs a lookup to know it. */
export interface Principal {
  orgId: string;
  userId: string;
  name: string;
  roles: Role[];
  workshops: string[];
  warehouses: string[];
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
      iat: nowSeconds,
      exp: nowSeconds + SESSION_TTL_SECONDS,
    },
    secret,
    'HS256',
  );
}

/** The principal of a valid session token, or null when forged, malformed or expired. */
export async function verifySession(
  token: string,
  secret: string,
  nowSeconds: number,
): Promise<Principal | null> {
  try {
    // Time is checked against the injected clock, not hono's wall clock, so tests and replays agree.
    const claims = await verify(token, secret, { alg: 'HS256', exp: false, iat: false, nbf: false });
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
    return {
      userId: String(claims.sub),
      orgId: String(claims.org),
      name: String(claims.name ?? ''),
      roles: (claims.roles as Role[]) ?? [],
      workshops: (claims.ws as string[]) ?? [],
      warehouses: (claims.wh as string[]) ?? [],
    };
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
