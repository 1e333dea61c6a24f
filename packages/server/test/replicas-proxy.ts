import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A round-robin HTTP proxy in front of server replicas, as nginx's default upstream does. */
export interface RoundRobinProxy {
  url: string;
  /** Requests each upstream answered, in the order of `upstreams`. */
  served: number[];
  close(): Promise<void>;
}

/**
 * Sends each request to the next upstream in turn (per request, not per connection: a keep-alive
 * client still alternates). The answer carries `X-Replica: <index>` so a test can see who served.
 * An upstream that cannot be reached answers 502, like nginx without `proxy_next_upstream`.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const served = upstreams.map(() => 0);
  let next = 0;
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    const target = new URL(incoming.url ?? '/', upstreams[index]);
    const upstream = request(
      target,
      { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        served[index]! += 1;
        outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-replica': String(index) });
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (err) => {
      if (outgoing.headersSent) return outgoing.destroy(err);
      outgoing.writeHead(502, { 'content-type': 'text/plain', 'x-replica': String(index) });
      outgoing.end(`upstream ${index} failed: ${err.message}`);
    });
    incoming.pipe(upstream);
  };
  const server: Server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
