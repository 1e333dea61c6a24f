import { z } from 'zod';

/** The records the data hub exchanges with an ERP/WMS, by our canonical (camelCase) field names. */
export const RECORD_FIELDS = {
  item: ['code', 'name', 'uom', 'type', 'spec', 'safetyStock', 'leadTime', 'abcClass', 'cost', 'precision'],
  bomLine: ['parent', 'child', 'qty', 'uom', 'scrapRate', 'effectiveFrom', 'effectiveTo'],
  workOrder: ['no', 'item', 'qty', 'dueDate', 'workshop', 'status'],
  purchaseReceipt: ['no', 'line', 'item', 'qty', 'location', 'lot', 'receivedAt'],
  stockSnapshot: ['item', 'location', 'lot', 'qty'],
} as const;

export type RecordKind = keyof typeof RECORD_FIELDS;
export const RECORD_KINDS = Object.keys(RECORD_FIELDS) as [RecordKind, ...RecordKind[]];

export const MAPPING_FORMAT = 'shopfloor-mapping/1';

/** A dotted path into their record: `FNumber`, `FMaterialId.FNumber`. */
const FieldPath = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[^.\s]+(\.[^.\s]+)*$/,
    'must be a field name or a dotted path like FMaterialId.FNumber (no spaces, no empty segments)',
  );

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** Date patterns: YYYY, MM, DD, HH, mm, ss and literal separators, e.g. YYYY/MM/DD, YYYYMMDD, YYYY-MM-DD HH:mm:ss. */
const DatePattern = z
  .string()
  .min(4)
  .max(40)
  .refine((p) => /YYYY/.test(p) && /MM/.test(p) && /DD/.test(p), {
    message: 'a date format needs YYYY, MM and DD (HH, mm and ss are optional), e.g. YYYY/MM/DD or YYYYMMDD',
  })
  .refine((p) => !/[A-Za-z]/.test(p.replace(/YYYY|MM|DD|HH|mm|ss|T/g, '')), {
    message: 'only YYYY, MM, DD, HH, mm, ss, T and separators may appear in a date format',
  });

/**
 * One step from THEIR value to OURS (inbound); outbound runs the steps backwards, each inverted
 * (trim, upper and lower pass our value through unchanged).
 */
export const Transform = z.discriminatedUnion('op', [
  z.object({ op: z.literal('trim') }).strict(),
  z.object({ op: z.literal('upper') }).strict(),
  z.object({ op: z.literal('lower') }).strict(),
  z
    .object({
      op: z.literal('date'),
      /** Their format; ours is ISO: YYYY-MM-DD, or YYYY-MM-DDTHH:mm:ss+08:00 when `to` is datetime. */
      format: DatePattern,
      /** Ours as a date (default when the format has no time) or a date-time in Asia/Shanghai. */
      to: z.enum(['date', 'datetime']).optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('number'),
      /** Their thousands separator (default ","): "1,234.5" is 1234.5. */
      thousands: z.enum([',', '.', ' ', "'", '']).optional(),
      /** Their decimal mark (default "."). */
      decimal: z.enum(['.', ',']).optional(),
      /** Outbound: send text with separators instead of a JSON number. */
      text: z.boolean().optional(),
    })
    .strict()
    .refine((t) => (t.thousands ?? ',') !== (t.decimal ?? '.'), {
      message: 'the thousands separator and the decimal mark must differ',
      path: ['thousands'],
    }),
  z
    .object({
      op: z.literal('scale'),
      /** ours = theirs × 10^exponent (exact decimal shift): 3 turns their kg into our g. */
      exponent: z.number().int().min(-9).max(9),
    })
    .strict(),
]);
export type Transform = z.infer<typeof Transform>;

/** One pair of a value map; inbound takes the first pair whose `theirs` matches, outbound the first whose `ours` does. */
const ValuePair = z.object({ ours: Scalar, theirs: Scalar }).strict();
const ValueMap = z.array(ValuePair).min(1).max(500);

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const FieldRule = z
  .object({
    /** Our field (one of the record kind's); absent for a constant written outbound only. */
    ours: z.string().min(1).max(64).optional(),
    /** Their field, a dotted path; absent for a value of ours that only takes a default inbound. */
    theirs: FieldPath.optional(),
    required: z.boolean().optional(),
    /** Our value when the record has none (both directions). */
    default: Scalar.optional(),
    /** Their value written outbound whatever ours is (an org number, a bill type). */
    const: Scalar.optional(),
    transform: z.array(Transform).max(10).optional(),
    /** A value map: inline pairs, or the name of one in `valueMaps`. */
    values: z.union([z.string().regex(NAME, 'must name an entry of valueMaps'), ValueMap]).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.ours === undefined && r.const === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs `ours` (our field) or `const`', path: ['ours'] });
    }
    if (r.ours === undefined && r.theirs === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs `theirs` or `ours`', path: ['theirs'] });
    }
    if (r.const !== undefined && r.theirs === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a constant needs the field it is written to (`theirs`)',
        path: ['theirs'],
      });
    }
  });
export type FieldRule = z.infer<typeof FieldRule>;

const Entity = z
  .object({
    /** Their entity: a Kingdee form id (BD_MATERIAL), a U8 API entity (inventory), a table. */
    target: z.string().min(1).max(100).optional(),
    fields: z.array(FieldRule).min(1).max(200),
  })
  .strict();

export const OutboundRule = z
  .object({
    /** The event topic this rule maps, e.g. work-order.created. */
    topic: z.string().min(1).max(100),
    kind: z.enum(RECORD_KINDS),
    /** Overrides the entity's target for this topic. */
    target: z.string().min(1).max(100).optional(),
    /** Where our fields are in the event payload when the names differ: { "dueDate": "due" }. */
    from: z.record(z.string().min(1).max(64), FieldPath).optional(),
    /** A payload array (e.g. "lines"): one record per element, its fields over the payload's. */
    each: FieldPath.optional(),
  })
  .strict();
export type OutboundRule = z.infer<typeof OutboundRule>;

/** The mapping document: one JSON file, exported and imported whole. */
export const MappingDocument = z
  .object({
    format: z.literal(MAPPING_FORMAT, { message: `must be "${MAPPING_FORMAT}"` }),
    name: z.string().trim().min(1).max(100),
    /** The other system, free text for people: kingdee-k3cloud, yonyou-u8, generic-json. */
    system: z.string().min(1).max(64).optional(),
    description: z.string().max(2000).optional(),
    valueMaps: z
      .record(z.string().regex(NAME, 'value map names are letters, digits, _ and -'), ValueMap)
      .optional(),
    entities: z
      .object({
        item: Entity.optional(),
        bomLine: Entity.optional(),
        workOrder: Entity.optional(),
        purchaseReceipt: Entity.optional(),
        stockSnapshot: Entity.optional(),
      })
      .strict(),
    outbound: z.array(OutboundRule).max(100).optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const kind of RECORD_KINDS) {
      const entity = doc.entities[kind];
      if (!entity) continue;
      const known = RECORD_FIELDS[kind] as readonly string[];
      const seenOurs = new Map<string, number>();
      const seenTheirs = new Map<string, number>();
      entity.fields.forEach((rule, i) => {
        const at = ['entities', kind, 'fields', i];
        if (rule.ours !== undefined) {
          if (!known.includes(rule.ours)) {
            ctx.addIssue({
              code: 'custom',
              message: `'${rule.ours}' is not a field of ${kind}; use one of ${known.join(', ')}`,
              path: [...at, 'ours'],
            });
          } else if (seenOurs.has(rule.ours)) {
            ctx.addIssue({
              code: 'custom',
              message: `'${rule.ours}' is mapped twice (also in fields.${seenOurs.get(rule.ours)})`,
              path: [...at, 'ours'],
            });
          } else seenOurs.set(rule.ours, i);
        }
        if (rule.theirs !== undefined) {
          if (seenTheirs.has(rule.theirs)) {
            ctx.addIssue({
              code: 'custom',
              message: `their field '${rule.theirs}' is mapped twice (also in fields.${seenTheirs.get(rule.theirs)})`,
              path: [...at, 'theirs'],
            });
          } else seenTheirs.set(rule.theirs, i);
        }
        if (typeof rule.values === 'string' && !doc.valueMaps?.[rule.values]) {
          ctx.addIssue({
            code: 'custom',
            message: `no value map '${rule.values}' in valueMaps`,
            path: [...at, 'values'],
          });
        }
      });
      // A path may not be both a value and an object holding other values (FStockId and FStockId.FNumber).
      for (const [path, i] of seenTheirs) {
        for (const other of seenTheirs.keys()) {
          if (other.startsWith(`${path}.`)) {
            ctx.addIssue({
              code: 'custom',
              message: `their field '${path}' is a value here and holds '${other}' elsewhere`,
              path: ['entities', kind, 'fields', i, 'theirs'],
            });
          }
        }
      }
    }
    const topics = new Map<string, number>();
    doc.outbound?.forEach((rule, i) => {
      if (topics.has(rule.topic)) {
        ctx.addIssue({
          code: 'custom',
          message: `topic '${rule.topic}' has two outbound rules (also outbound.${topics.get(rule.topic)})`,
          path: ['outbound', i, 'topic'],
        });
      } else topics.set(rule.topic, i);
      if (!doc.entities[rule.kind]) {
        ctx.addIssue({
          code: 'custom',
          message: `outbound rule for '${rule.topic}' names ${rule.kind}, which has no entry in entities`,
          path: ['outbound', i, 'kind'],
        });
      }
      const known = RECORD_FIELDS[rule.kind] as readonly string[];
      for (const ours of Object.keys(rule.from ?? {})) {
        if (!known.includes(ours)) {
          ctx.addIssue({
            code: 'custom',
            message: `'${ours}' is not a field of ${rule.kind}`,
            path: ['outbound', i, 'from', ours],
          });
        }
      }
    });
  });
export type MappingDocument = z.infer<typeof MappingDocument>;
