import { z } from 'zod';
import { RECORD_KINDS } from '../../connector-config.js';
import type { InboundEnvelope } from '../apply.js';
import type { RecordKind } from '../records.js';

/** The most records one message or one HTTP answer may carry (as many as POST /sync/inbound takes). */
export const MAX_RECORDS = 10_000;

/** A message, answer or row that cannot be turned into envelopes: it is dead-lettered or fails the run. */
export class UnreadableInput extends Error {
  override name = 'UnreadableInput';
}

/** The value at a dotted path (`data.items`, `$.data.items`, `rows.0`); '' and '$' are the value itself. */
export function atPath(value: unknown, path: string | undefined): unknown {
  const steps = (path ?? '').replace(/^\$\.?/, '').replace(/^\./, '');
  if (steps === '') return value;
  let here: unknown = value;
  for (const step of steps.split('.')) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

/** A source id, version or watermark as text: strings as they are, numbers in full, dates in ISO 8601. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return undefined;
}

const text = (max: number) => z.union([z.string().trim().min(1).max(max), z.number()]).transform(String);
const Envelope = z.object({
  kind: z.enum(RECORD_KINDS),
  sourceId: text(200),
  sourceVersion: text(100),
  data: z.record(z.string(), z.unknown()),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An envelope names its sourceId and its data; anything else is a raw record of the other system. */
const looksLikeEnvelope = (v: Record<string, unknown>) => 'sourceId' in v && 'data' in v;

export interface RawRecordRules {
  kind?: RecordKind | undefined;
  idField?: string | undefined;
  versionField?: string | undefined;
  /** Fallbacks from the message: headers x-source-id / x-source-version, message id and timestamp. */
  fallbackId?: string | undefined;
  fallbackVersion?: string | undefined;
}

/** One record of the other system, with its kind, id and version taken by the rules. */
export function envelopeOf(
  record: Record<string, unknown>,
  kind: RecordKind,
  idField: string,
  versionField: string,
): InboundEnvelope | { error: string } {
  const sourceId = asText(record[idField]);
  if (sourceId === undefined) return { error: `the record has no ${idField} (its source id)` };
  const sourceVersion = asText(record[versionField]);
  if (sourceVersion === undefined) return { error: `the record has no ${versionField} (its version)` };
  return { kind, sourceId, sourceVersion, data: record };
}

/**
 * The envelopes of one RabbitMQ message: its JSON body is an envelope, an array of envelopes, or the
 * other system's raw record(s) when the connector names their kind (config.kind or header
 * x-record-kind). Throws UnreadableInput when the body is not that: the message is dead-lettered.
 */
export function envelopesOfMessage(body: Buffer, rules: RawRecordRules): InboundEnvelope[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UnreadableInput('the message body is not JSON');
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) throw new UnreadableInput('the message holds no record');
  if (items.length > MAX_RECORDS)
    throw new UnreadableInput(`the message holds more than ${MAX_RECORDS} records`);
  return items.map((item, i) => {
    const where = Array.isArray(parsed) ? `record ${i}: ` : '';
    if (!isObject(item)) throw new UnreadableInput(`${where}not a JSON object`);
    if (looksLikeEnvelope(item)) {
      const e = Envelope.safeParse(item);
      if (!e.success) {
        const issue = e.error.issues[0]!;
        throw new UnreadableInput(`${where}${issue.path.join('.') || 'envelope'}: ${issue.message}`);
      }
      return e.data;
    }
    if (!rules.kind) {
      throw new UnreadableInput(
        `${where}not an envelope {kind, sourceId, sourceVersion, data}, and the connector names no record kind for raw records`,
      );
    }
    const single = items.length === 1;
    const sourceId =
      (rules.idField ? asText(item[rules.idField]) : undefined) ?? (single ? rules.fallbackId : undefined);
    const sourceVersion =
      (rules.versionField ? asText(item[rules.versionField]) : undefined) ??
      (single ? rules.fallbackVersion : undefined);
    if (sourceId === undefined)
      throw new UnreadableInput(`${where}no source id (idField or header x-source-id)`);
    if (sourceVersion === undefined) {
      throw new UnreadableInput(`${where}no source version (versionField or header x-source-version)`);
    }
    return {
      kind: rules.kind,
      sourceId,
      sourceVersion,
      data: item,
    };
  });
}
