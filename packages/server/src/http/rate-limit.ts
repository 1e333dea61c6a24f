import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppDeps } from '../deps.js';
import { clientIp } from './client-ip.js';
import { HttpProblem } from './problem.js';

/**
 * Sign-in rate limits, counted in this process's memory: each replica counts its own, so behind a
 * load balancer with N replicas a client gets up to N times the limit (docs/security.md).
 */
export interface SignInLimiter {
  /** Counts a sign-in attempt from the request's IP; 429 once past SHOPFLOOR_LOGIN_RATE_IP. */
  takeIp(c: Context): Promise<void>;
  /** Counts a sign-in of one user (demo id or platform user id); 429 past SHOPFLOOR_LOGIN_RATE_USER. */
  takeUser(key: string): Promise<void>;
  /** 429 when this IP already failed with API tokens as often as one user may sign in. */
  checkTokenFailures(c: Context): Promise<void>;
  /** Counts an API token the server did not accept, from the request's IP. */
  noteTokenFailure(c: Context): Promise<void>;
}

const perApp = new WeakMap<AppDeps, SignInLimiter>();

/** The limiter of one app (one per `deps`, so every test server starts with fresh counts). */
export function signInLimiter(deps: AppDeps): SignInLimiter {
  let limiter = perApp.get(deps);
  if (!limiter) {
    limiter = createSignInLimiter(deps);
    perApp.set(deps, limiter);
  }
  return limiter;
}

function createSignInLimiter(deps: AppDeps): SignInLimiter {
  const { perIp, perUser, windowSeconds } = deps.config.loginRate;
  const byIp = new RateLimiterMemory({ points: perIp, duration: windowSeconds, keyPrefix: 'ip' });
  const byUser = new RateLimiterMemory({ points: perUser, duration: windowSeconds, keyPrefix: 'user' });
  const tokenFailures = new RateLimiterMemory({
    points: perUser,
    duration: windowSeconds,
    keyPrefix: 'token',
  });
  const ip = (c: Context) => clientIp(c, deps.config.trustProxy);
  const take = async (limiter: RateLimiterMemory, key: string, scope: 'ip' | 'user') => {
    try {
      await limiter.consume(key);
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      deps.logger.warn({ scope, key: scope === 'ip' ? key : undefined }, 'sign-in rate limit reached');
      throw tooManySignIns(refused.msBeforeNext);
    }
  };
  return {
    takeIp: (c) => take(byIp, ip(c), 'ip'),
    takeUser: (key) => take(byUser, key, 'user'),
    async checkTokenFailures(c) {
      const seen = await tokenFailures.get(ip(c));
      if (seen && seen.consumedPoints >= perUser) throw tooManySignIns(seen.msBeforeNext);
    },
    async noteTokenFailure(c) {
      await tokenFailures.penalty(ip(c));
    },
  };
}

/** 429 with Retry-After in whole seconds (at least 1). */
export function tooManySignIns(msBeforeNext: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpProblem(
    429,
    'too-many-sign-ins',
    'Too many sign-ins',
    `too many sign-in attempts; try again in ${seconds} s`,
    undefined,
    { 'Retry-After': String(seconds) },
    { retryAfter: seconds },
  );
}
