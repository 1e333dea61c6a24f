import type { AuthSession, PlatformAdapter, ShopfloorClient } from '@shopfloor/sdk';
import type { SessionStore } from './session-store';

/**
 * One sign-in per host: the adapter gets a one-time code from DingTalk, WeCom or the demo picker
 * (in a browser, or in any host when the server runs in demo mode), and the server exchanges it
 * for a session (the corp's secrets never reach the app).
 */
export async function signIn(
  platform: PlatformAdapter,
  client: ShopfloorClient,
  session: SessionStore,
): Promise<AuthSession> {
  // The code names its exchange: in demo mode a DingTalk or WeCom adapter hands out a demo user id.
  const { code, platform: issuer } = await platform.getLoginCode();
  const answer =
    issuer === 'dingtalk'
      ? await client.auth.dingtalk({ code })
      : issuer === 'wecom'
        ? await client.auth.wecom({ code })
        : await client.auth.devLogin({ userId: code });
  await session.set(answer);
  return answer;
}
