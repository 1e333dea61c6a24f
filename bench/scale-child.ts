/**
 * The server for bench/scale.ts's concurrent runs, in a process of its own so 20 users' clients do
 * not share its event loop: the server's sources on the schema the parent names (kept on close).
 * Child → parent: { url } once it serves; parent → child: 'close'.
 */
import * as server from '../packages/server/src/index.js';

const { url, schema } = JSON.parse(process.env.SHOPFLOOR_SCALE_CHILD ?? '{}') as {
  url: string;
  schema: string;
};
const config = server.loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  SHOPFLOOR_DEMO: 'on',
  SHOPFLOOR_LOG_LEVEL: 'warn',
  DATABASE_URL: url,
});
const database = await server.openDatabase({ url, schema, poolSize: config.databasePoolSize });
const running = await server.startServer(config, { database, workers: false });
process.send?.({ url: running.url });
process.on('message', async () => {
  await running.close();
  await database.close();
  process.exit(0);
});
