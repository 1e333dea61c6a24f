/**
 * The server under bench/memory-soak.ts's hour of load, in a process of its own so its RSS is its
 * own: the BUILT server (packages/server/dist, as `pnpm start` runs it; SHOPFLOOR_SOAK_SERVER=source
 * takes the sources) on the PostgreSQL database the parent names, every background worker on.
 *
 * Parent → child: { type: 'memory' } | { type: 'snapshot', file } | { type: 'close' }.
 * Child → parent: { type: 'ready', url } | { type: 'memory', usage, gc } | { type: 'snapshot', file } |
 * { type: 'closed' } | { type: 'error', message }.
 */
import { writeHeapSnapshot } from 'node:v8';
import type * as ServerApi from '../packages/server/src/index.js';

export type SoakRequest = { type: 'memory' } | { type: 'snapshot'; file: string } | { type: 'close' };
export type SoakMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; usage: NodeJS.MemoryUsage; gc: boolean }
  | { type: 'snapshot'; file: string }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const SERVER =
  process.env.SHOPFLOOR_SOAK_SERVER === 'source'
    ? new URL('../packages/server/src/index.ts', import.meta.url)
    : new URL('../packages/server/dist/index.js', import.meta.url);

const send = (message: SoakMessage) => process.send?.(message);

async function main(): Promise<void> {
  const { url } = JSON.parse(process.env.SHOPFLOOR_SOAK_CHILD ?? '{}') as { url: string };
  const server = (await import(SERVER.href)) as typeof ServerApi;
  const config = server.loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SHOPFLOOR_DEMO: 'on',
    SHOPFLOOR_LOG_LEVEL: 'warn',
    DATABASE_URL: url,
  });
  const database = await server.openDatabase({ url, schema: 'public', poolSize: config.databasePoolSize });
  const running = await server.startServer(config, { database, workers: true });
  const collect = (globalThis as { gc?: () => void }).gc;

  process.on('message', (request: SoakRequest) => {
    const answer = async (): Promise<SoakMessage> => {
      if (request.type === 'close') {
        await running.close();
        await database.close();
        return { type: 'closed' };
      }
      if (request.type === 'snapshot') {
        collect?.();
        return { type: 'snapshot', file: writeHeapSnapshot(request.file) };
      }
      // After a full collection the heap holds only what is still reachable: the figure that can leak.
      collect?.();
      return { type: 'memory', usage: process.memoryUsage(), gc: collect !== undefined };
    };
    answer().then(
      (message) => {
        send(message);
        if (message.type === 'closed') process.disconnect();
      },
      (error: unknown) => send({ type: 'error', message: String(error) }),
    );
  });
  send({ type: 'ready', url: running.url });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
