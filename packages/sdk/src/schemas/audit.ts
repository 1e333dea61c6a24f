import * as z from 'zod/mini';
import { code, DocumentRef, described, Id, IsoDateTime, named } from './common.js';

/** 审计日志: who changed what, with the values before and after. */
export const AuditEntry = named(
  z.object({
    id: Id,
    at: IsoDateTime,
    actor: described(code(64), 'User id, or "system"'),
    action: described(
      z.string().check(z.minLength(1), z.maxLength(100)),
      'e.g. user.roles.changed, issue-request.approved',
    ),
    target: DocumentRef,
    before: z.optional(z.unknown()),
    after: z.optional(z.unknown()),
  }),
  'AuditEntry',
);
export type AuditEntry = z.infer<typeof AuditEntry>;
