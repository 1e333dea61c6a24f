import * as z from 'zod/mini';
import {
  code,
  DocumentRef,
  described,
  Id,
  IsoDate,
  IsoDateTime,
  named,
  pageQueryFields,
  Quantity,
  text,
} from './common.js';

export const AlertKind = z.enum([
  'safety-stock',
  'overdue-operation',
  'sync-failure',
  'system',
  'emergency-unapproved',
  'reconciliation-difference',
]);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

const longText = z.string().check(z.maxLength(2000));
const maybeTime = z.optional(z.nullable(IsoDateTime));

/** The engine's replenishment order behind a safety-stock alert (see docs/mrp.md, suggestReplenishment). */
export const ReplenishmentSuggestion = named(
  z.object({
    item: code(),
    type: z.enum(['make', 'buy']),
    qty: Quantity,
    releaseDate: z.optional(IsoDate),
    dueDate: z.optional(IsoDate),
    late: z.optional(z.boolean()),
    reasons: z.array(z.string()),
  }),
  'ReplenishmentSuggestion',
);
export type ReplenishmentSuggestion = z.infer<typeof ReplenishmentSuggestion>;

/** 预警: something a person should look at, with what to do about it. */
export const Alert = named(
  z.object({
    id: Id,
    kind: AlertKind,
    severity: AlertSeverity,
    subject: described(DocumentRef, 'What the alert is about, e.g. { type: "item", id: "LEG" }'),
    title: text(200),
    message: z.optional(longText),
    params: z.optional(
      described(
        z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
        'The values of the message by name, for clients that word the alert in their own language: ' +
          'safety-stock { item, itemName, onHand, safetyStock, uom }; overdue-operation { workOrderNo, seq, ' +
          'operation, lateMinutes, deadline, good, qty }; sync-failure { connector, connectorKind, attempts, error }',
      ),
    ),
    suggestion: z.optional(described(longText, 'What to do, e.g. "raise a purchase of 120 pcs"')),
    replenishment: z.optional(described(ReplenishmentSuggestion, 'The order behind the suggestion')),
    status: AlertStatus,
    createdAt: IsoDateTime,
    acknowledgedAt: maybeTime,
    acknowledgedBy: z.optional(z.nullable(code(64))),
    resolvedAt: maybeTime,
  }),
  'Alert',
);
export type Alert = z.infer<typeof Alert>;

export const AlertQuery = z.object({
  status: z.optional(AlertStatus),
  kind: z.optional(AlertKind),
  severity: z.optional(AlertSeverity),
  ...pageQueryFields,
});
export type AlertQuery = z.infer<typeof AlertQuery>;
