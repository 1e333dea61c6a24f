import * as z from 'zod/mini';
import { code, described, named, text } from './common.js';

export const Role = z.enum(['operator', 'approver', 'storekeeper', 'planner', 'admin']);
export type Role = z.infer<typeof Role>;

/** Workshops and warehouses a user acts for; roles apply only inside them. */
export const Scopes = z.object({ workshops: z.array(code(32)), warehouses: z.array(code(32)) });
export type Scopes = z.infer<typeof Scopes>;

export const User = named(
  z.object({
    id: code(64),
    name: text(100),
    roles: z.array(Role),
    scopes: z.optional(Scopes),
    platform: z.optional(described(z.enum(['dingtalk', 'wecom', 'demo']), 'Where the identity comes from')),
    platformUserId: z.optional(described(z.string(), 'The userid in DingTalk or WeCom')),
    active: z.optional(z.boolean()),
    team: z.optional(z.nullable(text(32))),
    email: z.optional(z.nullable(text(254))),
  }),
  'User',
);
export type User = z.infer<typeof User>;

/** Answer of every `/auth/*` login: a bearer token for the `Authorization` header. */
export const AuthSession = named(
  z.object({ token: z.string().check(z.minLength(1)), user: User }),
  'AuthSession',
);
export type AuthSession = z.infer<typeof AuthSession>;

/** Body of `POST /auth/dingtalk` and `POST /auth/wecom`: the one-time code the host app gave. */
export const AuthCodeInput = named(
  z.object({ code: z.string().check(z.minLength(1), z.maxLength(512)) }),
  'AuthCodeInput',
);
export type AuthCodeInput = z.infer<typeof AuthCodeInput>;

/** Body of `POST /auth/dev-login` (demo mode only). */
export const DevLoginInput = named(z.object({ userId: code(64) }), 'DevLoginInput');
export type DevLoginInput = z.infer<typeof DevLoginInput>;

export const WeComJsSignatureQuery = z.object({
  url: described(z.string().check(z.minLength(1)), 'Page URL without the #fragment'),
  kind: described(z.enum(['corp', 'agent']), 'corp: wx.config; agent: wx.agentConfig'),
});
export type WeComJsSignatureQuery = z.infer<typeof WeComJsSignatureQuery>;

/** Answer of `GET /auth/wecom/js-signature`: what `ww.register` / `agentConfig` needs. */
export const WeComJsSignature = named(
  z.object({
    corpId: z.string().check(z.minLength(1)),
    agentId: z.optional(described(z.string(), 'Present for kind=agent')),
    timestamp: z.int(),
    nonceStr: z.string().check(z.minLength(1)),
    signature: z.string().check(z.minLength(1)),
  }),
  'WeComJsSignature',
);
export type WeComJsSignature = z.infer<typeof WeComJsSignature>;

/**
 * Answer of the public `GET /auth/config`: what an app needs before it can sign in — which corp to
 * ask DingTalk or WeCom for a code, and, in demo mode, the accounts to offer.
 */
export const ClientConfig = named(
  z.object({
    orgName: text(200),
    demo: described(z.boolean(), 'Demo mode: `POST /auth/dev-login` exists'),
    dingtalkCorpId: z.optional(code(64)),
    wecomCorpId: z.optional(code(64)),
    wecomAgentId: z.optional(code(64)),
    demoUsers: z.optional(described(z.array(User), 'Demo mode only: the accounts dev-login accepts')),
  }),
  'ClientConfig',
);
export type ClientConfig = z.infer<typeof ClientConfig>;
