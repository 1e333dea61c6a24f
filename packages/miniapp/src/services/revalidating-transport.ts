import type { Transport, TransportRequest, TransportResponse } from '@shopfloor/sdk';

export interface RevalidatingOptions {
  /** The GET reads that take part (the board's); every other request passes through untouched. */
  revalidates: (request: TransportRequest) => boolean;
  /** Answers kept at most, the least recently used dropped first. Default 4. */
  maxEntries?: number;
}

export interface RevalidatingTransport {
  transport: Transport;
  /** Forgets every kept answer: at sign-out and when another user signs in. */
  clear(): void;
}

interface Kept {
  etag: string;
  response: TransportResponse;
}

/**
 * What a browser's HTTP cache does for fetch, for runtimes that have none (`Taro.request`): the
 * last answer with an ETag of each opted-in read is kept in memory, the next request sends
 * `If-None-Match`, and a 304 gives back the kept answer as a 200, so the SDK never sees a 304.
 */
export function createRevalidatingTransport(
  send: Transport,
  options: RevalidatingOptions,
): RevalidatingTransport {
  const maxEntries = options.maxEntries ?? 4;
  const kept = new Map<string, Kept>();
  // Bumped by clear(): an answer to a request sent before a sign-out is not kept after it.
  let generation = 0;

  const transport: Transport = async (request) => {
    if (request.method !== 'GET' || request.responseType || !options.revalidates(request)) {
      return send(request);
    }
    const key = keyOf(request);
    const before = kept.get(key);
    const started = generation;
    const response = await send(
      before ? { ...request, headers: { ...request.headers, 'If-None-Match': before.etag } } : request,
    );
    if (response.status === 304 && before) {
      if (started === generation) touch(key, before);
      // The kept headers as they were: a 304's own (Hono's text/plain on an empty body) describe no body.
      return before.response;
    }
    if (response.status === 200 && started === generation) {
      const etag = headerOf(response.headers, 'etag');
      // An answer without an ETag cannot be revalidated: the old one is not kept either.
      if (etag) touch(key, { etag, response });
      else kept.delete(key);
    }
    return response;
  };

  function touch(key: string, entry: Kept): void {
    kept.delete(key);
    kept.set(key, entry);
    for (const oldest of kept.keys()) {
      if (kept.size <= maxEntries) break;
      kept.delete(oldest);
    }
  }

  return {
    transport,
    clear() {
      generation++;
      kept.clear();
    },
  };
}

// The credential is part of the key: one user's answer is never sent or shown under another's.
function keyOf(request: TransportRequest): string {
  return `${headerOf(request.headers, 'authorization') ?? ''} ${request.url}`;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** The board (`GET /work-orders?view=board…`): what a wall screen asks every 30 s. */
export function isBoardRead(request: TransportRequest): boolean {
  const [path = '', query = ''] = request.url.split('?', 2);
  return path.endsWith('/work-orders') && query.split('&').includes('view=board');
}
