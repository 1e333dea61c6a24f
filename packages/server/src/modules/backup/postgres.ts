import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Raised when pg_dump/pg_restore are missing or fail; the message names the fix. */
export class PgToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PgToolError';
  }
}

const INSTALL_HINT =
  "install the PostgreSQL client tools of your server's major version or newer (Debian/Ubuntu: apt-get install postgresql-client; RHEL: dnf install postgresql) or put them on PATH";

/**
 * libpq's environment for a postgres:// URL: the password travels in PGPASSWORD, never on the
 * command line where `ps` shows it to every user of the machine.
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const params: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
    host: 'PGHOST',
    port: 'PGPORT',
  };
  for (const [key, value] of u.searchParams) {
    const name = params[key];
    if (name) env[name] = value;
  }
  return env;
}

/**
 * Runs a PostgreSQL client tool with the connection in its environment. `stdin`, when given, is
 * piped in. Resolves when it exits 0; otherwise rejects with its stderr.
 */
export function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  url: string,
  stdin?: Readable,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: { ...process.env, ...libpqEnv(url) },
      stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 8_000) stderr += chunk.toString();
    });
    if (stdin && child.stdin) {
      // pg_restore may stop reading early (an error): its closed pipe is reported by its exit code.
      child.stdin.on('error', () => undefined);
      stdin.pipe(child.stdin);
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new PgToolError(
          err.code === 'ENOENT'
            ? `${tool} is not installed here: ${INSTALL_HINT}`
            : `${tool}: ${err.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new PgToolError(`${tool} failed (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/** `pg_dump -Fc` into `file`: the whole database, or one schema. */
export function pgDump(url: string, file: string, schema?: string): Promise<void> {
  return runPgTool('pg_dump', ['-Fc', '--no-owner', '-f', file, ...(schema ? ['-n', schema] : [])], url);
}

/**
 * `pg_restore --clean --if-exists` from a stream: what the dump holds replaces what the database
 * has (one transaction, so a failure leaves the database as it was).
 */
export function pgRestore(url: string, payload: Readable): Promise<void> {
  return runPgTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      '-d',
      databaseOf(url),
    ],
    url,
    payload,
  );
}

/** pg_restore needs -d to restore into a database (without it, it prints SQL); the name only, no password. */
function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}
