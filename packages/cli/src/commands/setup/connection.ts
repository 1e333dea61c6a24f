import { ShopfloorError } from '@shopfloor/sdk';
import { type AdminClient, createAdminClient } from '@shopfloor/sdk/admin';
import { InputError, UsageError } from '../../errors.js';

/** `--server` and `--token`, shared by the setup commands; SHOPFLOOR_SERVER and SHOPFLOOR_TOKEN stand in. */
export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const;

export const CONNECTION_HELP = `  --server URL      the Shopfloor server, e.g. https://mes.example.com (or SHOPFLOOR_SERVER)
  --token sft_…     an administrator's API token (or SHOPFLOOR_TOKEN; keeps it out of the shell history)`;

export function connect(
  values: Record<string, string | boolean | undefined>,
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): AdminClient {
  const server = stringOption(values.server) ?? env.SHOPFLOOR_SERVER;
  const token = stringOption(values.token) ?? env.SHOPFLOOR_TOKEN;
  if (!server) throw new UsageError('--server is required (or set SHOPFLOOR_SERVER)', command);
  if (!token) throw new UsageError('--token is required (or set SHOPFLOOR_TOKEN)', command);
  if (!/^https?:\/\//.test(server)) throw new InputError(`--server must be an http(s) URL, got '${server}'`);
  return createAdminClient({ baseUrl: server, token });
}

/** Whether the server was named, so that a command can fall back to working offline. */
export function wantsServer(
  values: Record<string, string | boolean | undefined>,
  env = process.env,
): boolean {
  return stringOption(values.server) !== undefined || Boolean(env.SHOPFLOOR_SERVER);
}

const stringOption = (value: string | boolean | undefined) =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** What the server or the network said, as the one line the CLI prints (exit 2). */
export async function talking<T>(server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ShopfloorError)) throw error;
    const status = error.status ? `HTTP ${error.status}: ` : '';
    const hint =
      error.status === 401
        ? ' (is the token right, and still valid?)'
        : error.status === 403
          ? ' (the setup workbook needs an administrator)'
          : '';
    throw new InputError(`${server}: ${status}${error.message}${hint}`);
  }
}
