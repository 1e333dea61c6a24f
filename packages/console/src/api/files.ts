import { Problem, ShopfloorError } from '@shopfloor/sdk';
import { getSession } from '../session/session';
import { client } from './client';

/**
 * Calls whose body is not JSON — an xlsx file up or down, the printable label page — which the SDK's
 * JSON transport does not carry. The only place in the console that uses fetch; errors come out as
 * the SDK's ShopfloorError with the server's problem, like every other call.
 */
export async function sendRaw(
  method: 'GET' | 'POST',
  path: string,
  body?: Blob,
  contentType?: string,
): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = getSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (contentType) headers['Content-Type'] = contentType;
  let response: Response;
  try {
    response = await fetch(client.apiBase + path, { method, headers, body });
  } catch (cause) {
    throw new ShopfloorError(`${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  if (response.ok) return response;
  const text = await response.text();
  let problem: Problem | undefined;
  try {
    const parsed = Problem.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    // not JSON: a proxy's error page
  }
  throw new ShopfloorError(
    problem?.detail ?? problem?.title ?? `${method} ${path}: HTTP ${response.status}`,
    {
      status: response.status,
      problem,
    },
  );
}

/** Saves a blob the way a link with `download` does. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
