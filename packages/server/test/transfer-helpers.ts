import { randomUUID } from 'node:crypto';
import type { TestServer } from './harness.js';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** One API call over HTTP as `userId`, with an Idempotency-Key on every POST (a fresh one unless given). */
export async function call<T = Record<string, unknown>>(
  server: TestServer,
  userId: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await server.token(userId)}` };
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = idempotencyKey ?? randomUUID();
  }
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** The problem code of an answer: the last segment of its `type`. */
export const codeOf = (answer: Answer) =>
  String(answer.body.type ?? '')
    .split('/')
    .pop();
