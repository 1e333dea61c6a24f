import { randomUUID } from 'node:crypto';
import type { TestServer } from '../harness.js';

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the test that reads them
  json: any;
}

/**
 * HTTP calls as a demo user over a month of fake time: sessions last 12 h, so a user signs in again
 * once the clock has moved an hour past the last sign-in. Every POST carries a fresh Idempotency-Key.
 */
export function sessionApi(server: TestServer) {
  const sessions = new Map<string, { token: string; at: number }>();
  async function tokenOf(userId: string): Promise<string> {
    const now = server.clock.now().getTime();
    const known = sessions.get(userId);
    if (known && now - known.at < 3_600_000) return known.token;
    const login = await fetch(`${server.url}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (login.status !== 200) throw new Error(`dev-login ${userId}: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    sessions.set(userId, { token, at: now });
    return token;
  }
  return async function api(
    userId: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await tokenOf(userId)}` };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = randomUUID();
    }
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers,
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: res.status, json: await res.json() };
  };
}
export type Api = ReturnType<typeof sessionApi>;
