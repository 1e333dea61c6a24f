import { createClient, User } from '@shopfloor/sdk';
import { client } from './client';

/**
 * `GET /auth/me` with a pasted API token (`sft_…`): the way in for admins outside DingTalk and
 * WeCom. Asked with that token alone, so a wrong one never touches the current session.
 */
export function whoHoldsToken(token: string): Promise<User> {
  const probe = createClient({ baseUrl: client.apiBase, token, retry: { limit: 0 } });
  return probe.request({ method: 'GET', path: '/auth/me', schema: User });
}
