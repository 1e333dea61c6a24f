import type { AuthSession, PlatformAdapter, ShopfloorClient } from '@shopfloor/sdk';
import type { SessionStore } from './session-store';

/**
 * One sign-in per host: the adapter gets a one-time code from DingTalk, WeCom or the demo picker,
 * and the server exchanges it for a session (the corp's secrets never reach the app).
 */
export async function signIn(
  platform: PlatformAdapter,
  client: ShopfloorClient,
  session: SessionStore,
): Promise<AuthSession> {
  const { code } = await platform.getLoginCode();
  const answer =
    platform.name === 'dingtalk'
      ? await client.auth.dingtalk({ code })
      : platform.name === 'wecom'
        ? await client.auth.wecom({ code })
        : await client.auth.devLogin({ userId: code });
  await session.set(answer);
  return answer;
}
