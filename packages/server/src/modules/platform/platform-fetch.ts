import { type PlatformName, PlatformRejectedError, PlatformUnavailableError } from './errors.js';

export const PLATFORM_TIMEOUT_MS = 8_000;

export interface PlatformAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export interface PlatformCall {
  platform: PlatformName;
  /** Names the call in errors and logs (`gettoken`, `getuserinfo`); the URL is never shown: it holds secrets. */
  api: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  timeoutMs?: number;
}

/**
 * One call to a platform API with a timeout. HTTP failures and timeouts become
 * PlatformUnavailableError; an errcode other than 0 becomes PlatformRejectedError.
 */
export async function platformFetch(call: PlatformCall): Promise<PlatformAnswer> {
  let res: Response;
  try {
    res = await fetch(call.url, {
      method: call.method ?? 'GET',
      headers: call.body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs ?? PLATFORM_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = (err as Error)?.name === 'TimeoutError';
    throw new PlatformUnavailableError(
      call.platform,
      timedOut
        ? `${call.api} timed out after ${call.timeoutMs ?? PLATFORM_TIMEOUT_MS} ms`
        : `${call.api} failed (${networkReason(err)})`,
    );
  }
  if (!res.ok) {
    // Not awaited: some stream implementations never settle a cancel, and the body is not needed.
    void res.body?.cancel().catch(() => undefined);
    throw new PlatformUnavailableError(call.platform, `${call.api} answered HTTP ${res.status}`);
  }
  let answer: PlatformAnswer;
  try {
    answer = (await res.json()) as PlatformAnswer;
  } catch {
    throw new PlatformUnavailableError(call.platform, `${call.api} answered something that is not JSON`);
  }
  if (answer.errcode !== undefined && answer.errcode !== 0) {
    throw new PlatformRejectedError(
      call.platform,
      Number(answer.errcode),
      String(answer.errmsg ?? ''),
      call.api,
    );
  }
  return answer;
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) without the URL, which carries secrets. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code ?? 'network error';
}
