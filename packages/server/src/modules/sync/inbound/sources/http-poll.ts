import type { ConnectorConfig } from '../../connector-config.js';
import type { InboundEnvelope } from '../apply.js';
import { asText, atPath, envelopeOf, UnreadableInput } from './envelope.js';
import type { PullSink } from './pull-types.js';

type Config = ConnectorConfig<'http-poll'>;

/** Hides credentials a URL may carry (user:pass@, token=…) in error messages. */
const redact = (url: URL) => `${url.origin}${url.pathname}`;

/** GETs the endpoint, with `<sinceParam>=<watermark>` after the first poll; the answer as JSON. */
export async function getJson(config: Config, since: string | undefined): Promise<unknown> {
  const url = new URL(config.url);
  if (since !== undefined) url.searchParams.set(config.sinceParam, since);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json', ...config.headers },
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (err) {
    const cause =
      err instanceof Error
        ? err.name === 'TimeoutError'
          ? `no answer within ${config.timeoutMs} ms`
          : err.message
        : String(err);
    throw new Error(`GET ${redact(url)}: ${cause}`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    throw new Error(`GET ${redact(url)} answered ${res.status}${text ? `: ${text}` : ''}`);
  }
  try {
    return await res.json();
  } catch {
    throw new UnreadableInput(`GET ${redact(url)} answered something that is not JSON`);
  }
}

/** The records of an answer, at config.recordsPath. */
export function recordsOf(config: Config, answer: unknown): unknown[] {
  const records = atPath(answer, config.recordsPath);
  if (!Array.isArray(records)) {
    throw new UnreadableInput(`the answer has no array at '${config.recordsPath || '$'}'`);
  }
  return records;
}

/** Numbers compare as numbers, anything else as text (ISO timestamps of one format sort as text). */
export function laterWatermark(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return y > x ? b : a;
  return b > a ? b : a;
}

/**
 * One poll: GET url?since=<watermark>, every record at recordsPath an envelope (kind, idField,
 * versionField from the config), applied; the next watermark is the answer's watermarkPath or the
 * greatest watermarkField (default versionField) of the records, stored only after they committed.
 */
export async function pullHttp(config: Config, sink: PullSink): Promise<void> {
  const since = asText(sink.cursor.since);
  const answer = await getJson(config, since);
  const records = recordsOf(config, answer);
  const envelopes: InboundEnvelope[] = [];
  let next = since;
  const watermarkField = config.watermarkField ?? config.versionField;
  for (const [i, record] of records.entries()) {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      sink.unreadable(`record ${i}: not a JSON object`);
      continue;
    }
    const r = record as Record<string, unknown>;
    const e = envelopeOf(r, config.kind, config.idField, config.versionField);
    if ('error' in e) {
      sink.unreadable(`record ${i}: ${e.error}`);
    } else {
      envelopes.push(e);
    }
    const w = asText(r[watermarkField]);
    if (w !== undefined) next = laterWatermark(next, w);
  }
  if (config.watermarkPath) next = asText(atPath(answer, config.watermarkPath)) ?? next;
  await sink.apply(envelopes, next === undefined ? sink.cursor : { since: next });
}
