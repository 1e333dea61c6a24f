import { join } from 'node:path';
import { openDatabase } from '@shopfloor/server';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { runCli, tempFolder } from './helpers.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('shopfloor admin grant', () => {
  it('makes a WeCom user an administrator in the embedded database, audit-logged', async () => {
    const dataDir = join(await tempFolder(), 'data');
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const run = await runCli('admin', 'grant', 'wecom:ZhangChangZhang', '--name', '张厂长');
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toContain('wc-ZhangChangZhang is an administrator now (created; roles admin)');
    const handle = await openDatabase({ dataDir });
    try {
      const user = await handle.db
        .selectFrom('users')
        .select(['name', 'roles', 'active', 'platform'])
        .where('id', '=', 'wc-ZhangChangZhang')
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ name: '张厂长', roles: ['admin'], active: true, platform: 'wecom' });
      const audit = await handle.db
        .selectFrom('audit_log')
        .select(['actor', 'action'])
        .where('subject_id', '=', 'wc-ZhangChangZhang')
        .execute();
      expect(audit).toEqual([{ actor: expect.stringMatching(/^cli:/), action: 'user.admin-bootstrapped' }]);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('refuses a user not written platform:userid, with exit code 2 and no stack trace', async () => {
    const run = await runCli('admin', 'grant', 'zhang');
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toBe("error: 'zhang' is not dingtalk:<userid> or wecom:<userid>\n");
  });
});
