import {
  AuthCodeInput,
  AuthSession,
  ClientConfig,
  DevLoginInput,
  WeComJsSignature,
  type WeComJsSignatureQuery,
} from '../../schemas/user.js';
import { validate } from '../../schemas/validate.js';
import type { Request } from '../request.js';

/** Logins exchange a one-time code: never retried (the code is spent by the first attempt). */
export function authApi(request: Request) {
  const login = (path: string, body: unknown) =>
    request({ method: 'POST', path, body, schema: AuthSession, retry: false });
  return {
    /** `GET /auth/config` (public): the corp ids the host needs and, in demo mode, the demo accounts. */
    config: async () => request({ method: 'GET', path: '/auth/config', schema: ClientConfig }),
    /** `POST /auth/dingtalk`: the code from `dd.runtime.permission.requestAuthCode`. */
    dingtalk: async (input: AuthCodeInput) =>
      login('/auth/dingtalk', validate(AuthCodeInput, input, 'dingtalk login')),
    /** `POST /auth/wecom`: the OAuth code WeCom put in the page URL. */
    wecom: async (input: AuthCodeInput) =>
      login('/auth/wecom', validate(AuthCodeInput, input, 'wecom login')),
    /** `GET /auth/wecom/js-signature`: what `ww.register` needs to sign JS-SDK calls on this page. */
    wecomJsSignature: async (query: WeComJsSignatureQuery) =>
      request({ method: 'GET', path: '/auth/wecom/js-signature', query, schema: WeComJsSignature }),
    /** `POST /auth/dev-login`: demo mode only. */
    devLogin: async (input: DevLoginInput) =>
      login('/auth/dev-login', validate(DevLoginInput, input, 'dev login')),
  };
}
