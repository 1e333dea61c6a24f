import type { OutboxEvent } from '../connectors/types.js';
import type { FieldRule, MappingDocument, OutboundRule, RecordKind, Transform } from './document.js';

export type { MappingDocument, RecordKind } from './document.js';

export interface MapProblem {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}
export type MapResult = { ok: true; record: Record<string, unknown> } | { ok: false; errors: MapProblem[] };

/** An outbound mapping that could not be applied (a value outside its value map, a required field missing). */
export class MappingError extends Error {
  constructor(readonly problems: MapProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'MappingError';
  }
}

type Scalar = string | number | boolean;

/** A field problem raised inside a step; the field rule adds the path. */
class StepError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Step {
  /** Their value to ours. */
  in(value: unknown): unknown;
  /** Our value to theirs. */
  out(value: unknown): unknown;
}

interface CompiledField {
  ours?: string;
  theirs?: string;
  theirsPath?: string[];
  required: boolean;
  default?: Scalar;
  const?: Scalar;
  steps: Step[];
  /** theirs (as text) -> ours, and ours (as text) -> theirs; null without a value map. */
  toOurs: Map<string, Scalar> | null;
  toTheirs: Map<string, Scalar> | null;
}

interface CompiledEntity {
  target?: string;
  fields: CompiledField[];
}

interface CompiledMapping {
  entities: Partial<Record<RecordKind, CompiledEntity>>;
  outbound: Map<string, OutboundRule & { fromPaths: [string, string[]][]; eachPath?: string[] }>;
}

const compiled = new WeakMap<MappingDocument, CompiledMapping>();

/** Compiles a (valid) document once; later calls with the same object reuse it. */
export function compileMapping(doc: MappingDocument): CompiledMapping {
  const known = compiled.get(doc);
  if (known) return known;
  const entities: CompiledMapping['entities'] = {};
  for (const [kind, entity] of Object.entries(doc.entities) as [
    RecordKind,
    MappingDocument['entities'][RecordKind],
  ][]) {
    if (!entity) continue;
    entities[kind] = {
      ...(entity.target ? { target: entity.target } : {}),
      fields: entity.fields.map((rule) => compileField(rule, doc)),
    };
  }
  const outbound: CompiledMapping['outbound'] = new Map();
  for (const rule of doc.outbound ?? []) {
    outbound.set(rule.topic, {
      ...rule,
      fromPaths: Object.entries(rule.from ?? {}).map(([ours, path]) => [ours, path.split('.')]),
      ...(rule.each ? { eachPath: rule.each.split('.') } : {}),
    });
  }
  const result = { entities, outbound };
  compiled.set(doc, result);
  return result;
}

function compileField(rule: FieldRule, doc: MappingDocument): CompiledField {
  const pairs = typeof rule.values === 'string' ? (doc.valueMaps?.[rule.values] ?? []) : rule.values;
  let toOurs: Map<string, Scalar> | null = null;
  let toTheirs: Map<string, Scalar> | null = null;
  if (pairs) {
    toOurs = new Map();
    toTheirs = new Map();
    for (const p of pairs) {
      if (!toOurs.has(String(p.theirs))) toOurs.set(String(p.theirs), p.ours);
      if (!toTheirs.has(String(p.ours))) toTheirs.set(String(p.ours), p.theirs);
    }
  }
  return {
    ...(rule.ours !== undefined ? { ours: rule.ours } : {}),
    ...(rule.theirs !== undefined ? { theirs: rule.theirs, theirsPath: rule.theirs.split('.') } : {}),
    required: rule.required ?? false,
    ...(rule.default !== undefined ? { default: rule.default } : {}),
    ...(rule.const !== undefined ? { const: rule.const } : {}),
    steps: (rule.transform ?? []).map(compileStep),
    toOurs,
    toTheirs,
  };
}

// ---------------------------------------------------------------------------------------------
// Transforms

const mapString = (fn: (s: string) => string) => (v: unknown) => (typeof v === 'string' ? fn(v) : v);
const passThrough = (v: unknown) => v;

function compileStep(t: Transform): Step {
  switch (t.op) {
    case 'trim':
      return { in: mapString((s) => s.trim()), out: passThrough };
    case 'upper':
      return { in: mapString((s) => s.toUpperCase()), out: passThrough };
    case 'lower':
      return { in: mapString((s) => s.toLowerCase()), out: passThrough };
    case 'date':
      return dateStep(t.format, t.to ?? (/HH|mm|ss/.test(t.format) ? 'datetime' : 'date'));
    case 'number':
      return numberStep(t.thousands ?? ',', t.decimal ?? '.', t.text ?? false);
    case 'scale':
      return {
        in: (v) => shiftNumber(v, t.exponent),
        out: (v) => shiftNumber(v, -t.exponent),
      };
  }
}

const TOKENS = /YYYY|MM|DD|HH|mm|ss/g;
const SHANGHAI_MS = 8 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function dateStep(format: string, to: 'date' | 'datetime'): Step {
  const order: string[] = [];
  const source = format.replace(/YYYY|MM|DD|HH|mm|ss|[^YMDHms]+|[YMDHms]/g, (part) => {
    if (/^(YYYY|MM|DD|HH|mm|ss)$/.test(part)) {
      order.push(part);
      return part === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  // A compact format (YYYYMMDD) needs fixed widths, or 2026111 would parse.
  const compact = !/[^YMDHms]/.test(format.replace(/T/g, ''));
  // Their seconds may carry a fraction (a SQL Server datetime: 2026-11-25 00:00:00.000): it is dropped.
  const fraction = /ss$/.test(format) ? '(?:\\.\\d{1,7})?' : '';
  const pattern = new RegExp(`^${compact ? source.replace(/\\d\{1,2\}/g, '\\d{2}') : source}${fraction}$`);
  return {
    in(value) {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string')
        throw new StepError(`expects a date as ${format}`, 'invalid-date', { format });
      const m = pattern.exec(text.trim());
      if (!m) throw new StepError(`'${text}' is not a date as ${format}`, 'invalid-date', { format });
      const parts: Record<string, number> = { YYYY: 0, MM: 1, DD: 1, HH: 0, mm: 0, ss: 0 };
      order.forEach((token, i) => {
        parts[token] = Number(m[i + 1]);
      });
      const { YYYY: y, MM: mo, DD: d, HH: h, mm: mi, ss: s } = parts as Record<string, number>;
      const at = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
      if (
        at.getUTCFullYear() !== y ||
        at.getUTCMonth() !== mo! - 1 ||
        at.getUTCDate() !== d ||
        h! > 23 ||
        mi! > 59 ||
        s! > 59
      ) {
        throw new StepError(`'${text}' is not a real date`, 'invalid-date', { format });
      }
      const day = `${pad(y!, 4)}-${pad(mo!)}-${pad(d!)}`;
      return to === 'date' ? day : `${day}T${pad(h!)}:${pad(mi!)}:${pad(s!)}+08:00`;
    },
    out(value) {
      if (typeof value !== 'string') throw new StepError('expects an ISO date', 'invalid-date', { format });
      let wall: Date;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) wall = new Date(`${value}T00:00:00Z`);
      else {
        const t = Date.parse(value);
        if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
          throw new StepError(`'${value}' is not an ISO date`, 'invalid-date', { format });
        }
        wall = new Date(t + SHANGHAI_MS); // their wall clock: Asia/Shanghai
      }
      if (Number.isNaN(wall.getTime()))
        throw new StepError(`'${value}' is not an ISO date`, 'invalid-date', { format });
      const parts: Record<string, string> = {
        YYYY: pad(wall.getUTCFullYear(), 4),
        MM: pad(wall.getUTCMonth() + 1),
        DD: pad(wall.getUTCDate()),
        HH: pad(wall.getUTCHours()),
        mm: pad(wall.getUTCMinutes()),
        ss: pad(wall.getUTCSeconds()),
      };
      return format.replace(TOKENS, (token) => parts[token]!);
    },
  };
}

function numberStep(thousands: string, decimal: string, text: boolean): Step {
  return {
    in(value) {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new StepError('is not a finite number', 'invalid-number');
        return value;
      }
      if (typeof value !== 'string') throw new StepError('expects a number', 'invalid-number');
      let s = value.trim();
      if (thousands) s = s.split(thousands).join('');
      if (decimal !== '.') s = s.replace(decimal, '.');
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
        throw new StepError(`'${value}' is not a number`, 'invalid-number', { value });
      }
      return Number(s);
    },
    out(value) {
      if (!text) return value;
      if (typeof value !== 'number' || !Number.isFinite(value)) return value;
      const plain = decimalText(value);
      const negative = plain.startsWith('-');
      const [int, frac] = (negative ? plain.slice(1) : plain).split('.');
      const grouped = thousands ? int!.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : int!;
      return `${negative ? '-' : ''}${grouped}${frac ? `${decimal}${frac}` : ''}`;
    },
  };
}

/** A number as plain decimal text (no exponent). */
function decimalText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** value × 10^exponent, exactly: the decimal point moves in the text, not in binary floating point. */
function shiftNumber(value: unknown, exponent: number): unknown {
  if (value === undefined || value === null) return value;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) {
    throw new StepError(`'${String(value)}' is not a number to scale`, 'invalid-number', {
      value: String(value),
    });
  }
  if (exponent === 0 || n === 0) return n;
  const text = decimalText(n);
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = int + frac;
  let point = int.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  return Number(`${negative ? '-' : ''}${digits.slice(0, point) || '0'}.${digits.slice(point) || '0'}`);
}

// ---------------------------------------------------------------------------------------------
// Paths

/** A dotted path; a flat key spelled with the dots (a query column "FMaterialId.FNumber") is found too. */
function getPath(source: Record<string, unknown>, full: string, path: string[]): unknown {
  if (path.length > 1 && Object.hasOwn(source, full)) return source[full];
  let at: unknown = source;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next = at[key];
    // A numeric segment is an index: FTreeEntity.0.FQty writes into an array.
    const wantsArray = /^\d+$/.test(path[i + 1]!);
    if (next === null || typeof next !== 'object' || Array.isArray(next) !== wantsArray) {
      next = wantsArray ? [] : {};
      at[key] = next;
    }
    at = next as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

// ---------------------------------------------------------------------------------------------
// Inbound

/** Their record -> ours. mapping null (or no entity for the kind) = identity (their names are ours). */
export function mapInbound(
  mapping: MappingDocument | null,
  kind: RecordKind,
  source: Record<string, unknown>,
): MapResult {
  const entity = mapping ? compileMapping(mapping).entities[kind] : undefined;
  if (!entity) return { ok: true, record: { ...source } };
  const record: Record<string, unknown> = {};
  const errors: MapProblem[] = [];
  for (const f of entity.fields) {
    if (f.ours === undefined) continue;
    const where = f.theirs ?? f.ours;
    const raw = f.theirsPath ? getPath(source, f.theirs!, f.theirsPath) : undefined;
    if (isBlank(raw)) {
      if (f.default !== undefined) record[f.ours] = f.default;
      else if (f.required) {
        errors.push({
          path: where,
          message: `${where} is required (our ${f.ours})`,
          code: 'required',
          params: { field: where, ours: f.ours },
        });
      }
      continue;
    }
    try {
      let value = raw;
      for (const step of f.steps) value = step.in(value);
      if (f.toOurs) {
        const key = String(value);
        if (!f.toOurs.has(key)) {
          throw new StepError(
            `value ${shown(value)} of ${where} is not in its value map (known: ${[...f.toOurs.keys()].join(', ')})`,
            'unmapped-value',
          );
        }
        value = f.toOurs.get(key);
      }
      record[f.ours] = value;
    } catch (err) {
      errors.push(problem(err, where, f.ours, raw));
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, record };
}

function problem(err: unknown, field: string, ours: string | undefined, value: unknown): MapProblem {
  if (err instanceof StepError) {
    const message = err.message.includes(field) ? err.message : `${field}: ${err.message}`;
    return {
      path: field,
      message,
      code: err.code,
      params: { ...err.params, field, ...(ours ? { ours } : {}), value: value as unknown },
    };
  }
  throw err;
}

// ---------------------------------------------------------------------------------------------
// Outbound

/** Our record -> theirs, by the kind's field rules (constants written, value maps and transforms inverted). */
export function mapRecordOutbound(
  mapping: MappingDocument | null,
  kind: RecordKind,
  record: Record<string, unknown>,
): MapResult {
  const entity = mapping ? compileMapping(mapping).entities[kind] : undefined;
  if (!entity) return { ok: true, record: { ...record } };
  return toTheirs(entity, record);
}

function toTheirs(entity: CompiledEntity, record: Record<string, unknown>): MapResult {
  const out: Record<string, unknown> = {};
  const errors: MapProblem[] = [];
  for (const f of entity.fields) {
    if (!f.theirsPath) continue;
    if (f.const !== undefined) {
      setPath(out, f.theirsPath, f.const);
      continue;
    }
    const ours = f.ours!;
    let value = record[ours];
    if (isBlank(value)) {
      if (f.default !== undefined) value = f.default;
      else {
        if (f.required) {
          errors.push({
            path: ours,
            message: `${ours} is required (their ${f.theirs})`,
            code: 'required',
            params: { field: ours, theirs: f.theirs },
          });
        }
        continue;
      }
    }
    try {
      let v = value;
      if (f.toTheirs) {
        const key = String(v);
        if (!f.toTheirs.has(key)) {
          throw new StepError(
            `value ${shown(v)} of ${ours} is not in its value map (known: ${[...f.toTheirs.keys()].join(', ')})`,
            'unmapped-value',
          );
        }
        v = f.toTheirs.get(key);
      }
      for (let i = f.steps.length - 1; i >= 0; i--) v = f.steps[i]!.out(v);
      setPath(out, f.theirsPath, v);
    } catch (err) {
      errors.push(problem(err, ours, ours, value));
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, record: out };
}

export interface MappedOutbound {
  /** Their entity for this event (Kingdee form id, U8 entity), from the rule or the kind's entity. */
  target?: string;
  kind: RecordKind;
  /** One record, or one per element of the rule's `each` array. */
  payload: Record<string, unknown> | Record<string, unknown>[];
}

/**
 * The event through the mapping's outbound rule for its topic; null when the mapping has none
 * (the event goes as it is). Throws MappingError when a value cannot be mapped.
 */
export function mapOutboundEvent(mapping: MappingDocument | null, event: OutboxEvent): MappedOutbound | null {
  if (!mapping) return null;
  const c = compileMapping(mapping);
  const rule = c.outbound.get(event.topic);
  if (!rule) return null;
  const entity = c.entities[rule.kind];
  if (!entity) return null;
  const payload = (event.payload && typeof event.payload === 'object' ? event.payload : {}) as Record<
    string,
    unknown
  >;
  const ourRecord = (source: Record<string, unknown>) => {
    const r: Record<string, unknown> = { ...source };
    for (const [ours, path] of rule.fromPaths) r[ours] = getPath(source, path.join('.'), path);
    return r;
  };
  const target = rule.target ?? entity.target;
  const base = { ...(target ? { target } : {}), kind: rule.kind };
  if (rule.eachPath) {
    const list = getPath(payload, rule.each!, rule.eachPath);
    if (!Array.isArray(list)) {
      throw new MappingError([
        {
          path: rule.each!,
          message: `event ${event.topic} has no array '${rule.each}'`,
          code: 'not-an-array',
        },
      ]);
    }
    const records: Record<string, unknown>[] = [];
    const errors: MapProblem[] = [];
    list.forEach((element, i) => {
      const merged = { ...payload, ...(element && typeof element === 'object' ? element : {}) };
      const r = toTheirs(entity, ourRecord(merged));
      if (r.ok) records.push(r.record);
      else errors.push(...r.errors.map((e) => ({ ...e, path: `${rule.each}.${i}.${e.path}` })));
    });
    if (errors.length) throw new MappingError(errors);
    return { ...base, payload: records };
  }
  const r = toTheirs(entity, ourRecord(payload));
  if (!r.ok) throw new MappingError(r.errors);
  return { ...base, payload: r.record };
}

/** Our outbox event -> the payload sent to them (null mapping or an unmapped topic: the payload unchanged). */
export function mapOutbound(mapping: MappingDocument | null, event: OutboxEvent): unknown {
  const mapped = mapOutboundEvent(mapping, event);
  return mapped ? mapped.payload : event.payload;
}
