import { userInfo } from 'node:os';
import { InputError } from '../../errors.js';

/** The server's code, loaded only by the commands that need it: the bom commands stay quick to start. */
export async function loadServer() {
  const server = await import('@shopfloor/server');
  try {
    return { server, config: server.loadConfig(process.env) };
  } catch (error) {
    if (error instanceof server.ConfigError) throw new InputError(error.problems.join('; '));
    throw error;
  }
}

/** `cli:<os login>`, as the audit log and the backups list name the command line. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export const IN_USE =
  'is in use by a running server (or one that did not stop cleanly left postmaster.pid behind): with the server running use --server and --token; otherwise stop it first';
