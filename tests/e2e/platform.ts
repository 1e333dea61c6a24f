/**
 * DingTalk and WeCom as the server sees them in the browser tests: the msw handlers of the server's
 * own platform tests (packages/server/test/fixtures-platform.ts: a code `code-<platform user id>`
 * signs that user in) and the demo users mapped to platform user ids. No vitest here: bench/app.ts
 * uses it too.
 */
import { setupServer } from 'msw/node';
import type { DatabaseHandle } from '../../packages/server/src/db/database.js';
import { platformEnv, platformHandlers } from '../../packages/server/test/fixtures-platform.js';

export { platformEnv };

/** Which host each demo user signs in through, and his id there. */
export const PLATFORM_USERS: Record<string, { platform: 'dingtalk' | 'wecom'; platformUserId: string }> = {
  'demo-operator': { platform: 'dingtalk', platformUserId: 'ding-li' },
  'demo-operator-2': { platform: 'dingtalk', platformUserId: 'ding-wang' },
  'demo-painter': { platform: 'dingtalk', platformUserId: 'ding-chen' },
  'demo-approver': { platform: 'wecom', platformUserId: 'ZhaoZhuGuan' },
  'demo-storekeeper': { platform: 'wecom', platformUserId: 'SunCangGuan' },
  'demo-planner': { platform: 'wecom', platformUserId: 'ZhouJiHua' },
  'demo-admin': { platform: 'wecom', platformUserId: 'Admin' },
};

/** The one-time code DingTalk's requestAuthCode or WeCom's OAuth redirect hands out for a demo user. */
export function loginCode(userId: string): string {
  const mapped = PLATFORM_USERS[userId];
  if (!mapped) throw new Error(`demo user ${userId} has no platform id in tests/e2e/platform.ts`);
  return `code-${mapped.platformUserId}`;
}

/** Maps the seeded demo users to their DingTalk / WeCom ids (demo mode is off with credentials set). */
export async function mapPlatformUsers(db: DatabaseHandle['db'], orgId: string): Promise<void> {
  for (const [id, { platform, platformUserId }] of Object.entries(PLATFORM_USERS)) {
    await db
      .updateTable('users')
      .set({ platform, platform_user_id: platformUserId })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }
}

export interface PlatformFakes {
  calls: { api: string; query: Record<string, string>; body?: unknown }[];
  close(): void;
}

/** Intercepts this process's calls to DingTalk and WeCom (the server runs in-process). */
export function startPlatformFakes(): PlatformFakes {
  const calls: PlatformFakes['calls'] = [];
  const msw = setupServer(...platformHandlers(calls));
  msw.listen({ onUnhandledRequest: 'bypass' });
  return { calls, close: () => msw.close() };
}
