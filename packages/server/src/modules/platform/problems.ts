import { HttpProblem, unauthorized } from '../../http/problem.js';
import { PlatformError, PlatformRejectedError, PlatformUnavailableError } from './errors.js';

/**
 * What a caller hears when a platform call fails: 401 when the code itself was refused, 503 when the
 * platform is down or refuses the server's own credentials. Never a 500, never a secret.
 */
export function platformProblem(err: unknown, codeApi: string): unknown {
  if (!(err instanceof PlatformError)) return err;
  if (err instanceof PlatformRejectedError && err.api === codeApi) {
    return unauthorized(
      `${err.platform} refused the sign-in code (errcode ${err.errcode}): it is wrong, used or expired; open the app again to get a fresh one`,
    );
  }
  if (err instanceof PlatformUnavailableError) {
    return new HttpProblem(
      503,
      'platform-unavailable',
      `${err.platform} unavailable`,
      err.message,
      undefined,
      {
        'Retry-After': '10',
      },
    );
  }
  return new HttpProblem(
    503,
    'platform-refused',
    `${err.platform} refused the server`,
    `${err.message}; an administrator should check the ${err.platform === 'DingTalk' ? 'DINGTALK_*' : 'WECOM_*'} settings`,
    undefined,
    { 'Retry-After': '60' },
  );
}
