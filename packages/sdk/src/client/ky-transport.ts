import ky from 'ky';
import type { Transport } from './transport.js';

/**
 * The default transport: fetch through ky. Retries, timeouts and error mapping are the client's
 * job (they must behave the same with injected transports), so ky's own are turned off here.
 */
export function kyTransport(fetchImpl?: typeof fetch): Transport {
  const http = ky.create({
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    // Resolved per call so that a fetch patched after the client was created (msw, polyfills) is used.
    fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
  });
  return async (request) => {
    const response = await http(request.url, {
      method: request.method,
      headers: request.headers,
      // A Uint8Array is a fine fetch body; the DOM typings want it on a plain ArrayBuffer.
      body: request.body as BodyInit | undefined,
      signal: request.signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (request.responseType === 'bytes' && response.ok) {
      return {
        status: response.status,
        headers,
        body: '',
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    }
    return { status: response.status, headers, body: await response.text() };
  };
}
