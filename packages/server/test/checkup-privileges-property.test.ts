import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTablePrivileges, NEEDED_PRIVILEGES } from '../src/modules/checkup/table-privileges.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Whatever privilege the server's role loses, on whichever table it needs it, the privilege check
 * names exactly that one and the GRANT that gives it back — and nothing once it is back.
 */
describe('the privilege check, for any needed privilege revoked', () => {
  let server: TestServer;
  const role = `app_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await sql.raw(`create role ${role} nologin`).execute(db);
    await sql.raw(`grant usage on schema public to ${role}`).execute(db);
    await sql
      .raw(`grant select, insert, update, delete on all tables in schema public to ${role}`)
      .execute(db);
    await sql.raw(`grant usage on all sequences in schema public to ${role}`).execute(db);
  });
  afterAll(async () => {
    const db = server.database.db;
    await sql.raw('reset role').execute(db);
    await sql.raw(`drop owned by ${role}`).execute(db);
    await sql.raw(`drop role ${role}`).execute(db);
    await server?.close();
  });

  const needed = Object.entries(NEEDED_PRIVILEGES).flatMap(([table, privileges]) =>
    (privileges ?? []).map((privilege) => ({ table, privilege })),
  );

  it('names the one missing and its GRANT', async () => {
    const db = server.database.db;
    await sql.raw(`set role ${role}`).execute(db);
    expect((await checkTablePrivileges(db)).missing).toEqual([]);
    await sql.raw('reset role').execute(db);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...needed), async ({ table, privilege }) => {
        await sql.raw(`revoke ${privilege} on ${table} from ${role}`).execute(db);
        await sql.raw(`set role ${role}`).execute(db);
        try {
          const report = await checkTablePrivileges(db);
          expect(report.role).toBe(role);
          expect(report.missing).toEqual([
            { object: table, privilege, grant: `GRANT ${privilege} ON ${table} TO ${role};` },
          ]);
        } finally {
          await sql.raw('reset role').execute(db);
          await sql.raw(`grant ${privilege} on ${table} to ${role}`).execute(db);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('names a lost id sequence with its GRANT USAGE', async () => {
    const db = server.database.db;
    await sql.raw(`revoke usage on sequence audit_log_id_seq from ${role}`).execute(db);
    await sql.raw(`set role ${role}`).execute(db);
    try {
      expect((await checkTablePrivileges(db)).missing).toEqual([
        {
          object: 'audit_log_id_seq',
          privilege: 'USAGE',
          grant: `GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${role};`,
        },
      ]);
    } finally {
      await sql.raw('reset role').execute(db);
      await sql.raw(`grant usage on sequence audit_log_id_seq to ${role}`).execute(db);
    }
  });

  it('asks DELETE exactly on the tables the code deletes from', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const code = files(src)
      .filter((f) => !f.includes('/migrations/'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const deleted = new Set(
      [...code.matchAll(/deleteFrom\('([a-z_]+)'|delete from ([a-z_]+)/gi)].map((m) => m[1] ?? m[2]),
    );
    // plant/store.ts deletes from a table named by its PlantTable argument.
    const plant = /export type PlantTable = ([^;]+);/.exec(code)?.[1] ?? '';
    for (const m of plant.matchAll(/'([a-z_]+)'/g)) deleted.add(m[1]!);
    const asked = Object.entries(NEEDED_PRIVILEGES)
      .filter(([, privileges]) => privileges?.includes('DELETE'))
      .map(([table]) => table);
    expect(asked.sort()).toEqual([...deleted].sort());
  });
});
