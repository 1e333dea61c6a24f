import { AlertKind, Role } from '@shopfloor/sdk';
import { z } from '../../http/route.js';

/** Roles a rule can address besides named users: the alert's people, or every user with a role in its scope. */
export const RecipientRole = z.union([z.enum(['owner', 'supervisor', 'approvers']), Role]);
export type RecipientRole = z.infer<typeof RecipientRole>;

export const Recipients = z
  .object({
    users: z.array(z.string().min(1).max(64)).max(100).default([]),
    roles: z.array(RecipientRole).max(10).default([]),
  })
  .meta({ id: 'AlertRecipients' });
export type Recipients = z.infer<typeof Recipients>;

/** 'dingtalk' work notice, 'wecom' app message, 'email', or an existing group robot connector. */
export const AlertChannel = z.union([
  z.enum(['dingtalk', 'wecom', 'email']),
  z.string().regex(/^robot:[A-Za-z0-9_.-]{1,64}$/, "'robot:<connector id>'"),
]);
export type AlertChannel = z.infer<typeof AlertChannel>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm, 00:00 to 23:59');
export const QuietHours = z
  .object({ from: clock, to: clock })
  .refine((q) => q.from !== q.to, { message: 'from and to must differ', path: ['to'] })
  .meta({ id: 'AlertQuietHours' });
export type QuietHours = z.infer<typeof QuietHours>;

export const EscalationStep = z
  .object({
    afterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    recipients: Recipients,
  })
  .meta({ id: 'AlertEscalationStep' });
export type EscalationStep = z.infer<typeof EscalationStep>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export const AlertRuleInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    active: z.boolean().default(true),
    kinds: z.array(AlertKind).max(20).default([]),
    minSeverity: Severity.default('info'),
    workshops: z.array(z.string().min(1).max(64)).max(100).default([]),
    warehouses: z.array(z.string().min(1).max(64)).max(100).default([]),
    recipients: Recipients,
    channels: z.array(AlertChannel).min(1).max(10),
    quietHours: QuietHours.nullable().default(null),
    escalation: z
      .array(EscalationStep)
      .max(5)
      .default([])
      .refine((steps) => steps.every((s, i) => i === 0 || s.afterMinutes > steps[i - 1]!.afterMinutes), {
        message: 'steps must come later one after the other (afterMinutes increasing)',
      }),
  })
  .meta({ id: 'AlertRuleInput' });
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;

export const AlertRule = z
  .object({
    id: z.uuid(),
    name: z.string(),
    active: z.boolean(),
    kinds: z.array(AlertKind),
    minSeverity: Severity,
    workshops: z.array(z.string()),
    warehouses: z.array(z.string()),
    recipients: Recipients,
    channels: z.array(z.string()),
    quietHours: QuietHours.nullable(),
    escalation: z.array(EscalationStep),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AlertRule' });
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertNotification = z
  .object({
    level: z.number().int(),
    user: z.string(),
    userName: z.string().nullable(),
    channel: z.string(),
    state: z.enum(['queued', 'held', 'sent', 'failed', 'skipped']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    error: z.string().nullable(),
    rule: z.string().nullable(),
    ruleName: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AlertNotification' });
export type AlertNotification = z.infer<typeof AlertNotification>;

export interface AlertRuleRow {
  id: string;
  org_id: string;
  name: string;
  active: boolean;
  kinds: string[];
  min_severity: Severity;
  workshops: string[];
  warehouses: string[];
  recipients: Recipients;
  channels: string[];
  quiet_hours: QuietHours | null;
  escalation: EscalationStep[];
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}
