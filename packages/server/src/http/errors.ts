import type { Context } from 'hono';
import type { Logger } from 'pino';
import { constraintSubject, nounOf } from './constraint-words.js';
import { HttpProblem } from './problem.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  message?: string;
}

/** Data exceptions in words: the database's own message quotes the value and type as SQL sees them. */
const BAD_VALUE: Record<string, { code: string; detail: string }> = {
  '22001': { code: 'too-long', detail: 'a text is longer than the database can store' },
  '22003': { code: 'out-of-range', detail: 'a number is out of the range the database can store' },
  '22007': { code: 'bad-date', detail: 'a date or time is not one the database can read' },
  '22008': { code: 'bad-date', detail: 'a date or time is out of the range the database can store' },
  '22021': { code: 'bad-text', detail: 'a text holds characters the database cannot store' },
  '22P02': { code: 'bad-form', detail: 'a value is not in the form the database expects' },
  '22P05': { code: 'bad-text', detail: 'a text holds characters the database cannot store' },
};

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A constraint hit worded in the domain (`unknown item NOPE`, `item X already exists`) with the
 * field and value as params: the database's message quotes SQL and table names, and stays in the log.
 */
function constraintProblem(pg: PgError, kind: 'foreign-key' | 'unique' | 'check'): HttpProblem {
  const s = constraintSubject(pg, kind);
  const params = { field: s.field, value: s.value };
  const errors = (message: string) => (s.field ? [{ path: s.field, message }] : undefined);
  const shown = s.value === null ? '' : ` ${s.value}`;
  if (kind === 'foreign-key' && s.stillReferenced) {
    const detail = `the ${s.noun}${shown} is still used by a ${s.owner}`;
    return new HttpProblem(409, 'in-use', 'Conflict', detail, undefined, undefined, {
      code: s.value,
      referencedBy: s.owner,
    });
  }
  if (kind === 'foreign-key') {
    const detail = `unknown ${s.noun}${shown}`;
    return new HttpProblem(
      400,
      'unknown-reference',
      'Unknown reference',
      detail,
      errors(detail),
      undefined,
      params,
    );
  }
  if (kind === 'unique') {
    const detail =
      s.value === null
        ? `this ${s.owner} already exists`
        : `${s.owner}${s.field && !['code', 'no', 'id'].includes(s.field) ? ` with ${s.field}` : ''} ${s.value} already exists`;
    return new HttpProblem(
      409,
      'duplicate',
      'Already exists',
      detail,
      errors('already exists'),
      undefined,
      params,
    );
  }
  const detail = s.field
    ? `${s.field} of the ${s.owner} is outside what it may be`
    : `the change breaks a rule of the ${s.owner}`;
  return new HttpProblem(409, 'constraint', 'Conflict', detail, errors('not allowed'), undefined, {
    field: s.field,
  });
}

/** SQLSTATEs of a database that is up but does not take writes (read-only, privilege lost, disk full). */
const WRITE_REFUSED = new Set(['25006', '42501', '53100']);

/** True when the error says the database refuses writes, not that the request was wrong. */
export function refusesWrites(err: unknown): boolean {
  return WRITE_REFUSED.has((err as PgError)?.code ?? '');
}

/** Node socket errors of a database connection that failed or was cut. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * True when the database cannot be reached or refuses the connection: connection exceptions
 * (08…), administrator shutdown / crash / starting up (57P01–57P03), too many connections (53300),
 * a role no longer allowed to sign in (28000, 28P01), socket errors, and node-postgres' own
 * "Connection terminated" errors, which carry no code.
 */
export function unreachable(err: unknown): boolean {
  const code = (err as PgError)?.code ?? '';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '28000', '28P01'].includes(code))
    return true;
  if (SOCKET_ERRORS.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /^Connection terminated|timeout exceeded when trying to connect/.test(message);
}

/** Turns anything thrown into problem+json. Database constraint hits are the caller's fault, not a 500. */
export function toProblem(err: unknown, logger: Logger): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const pg = err as PgError;
  if (pg?.code?.startsWith('23')) {
    // The database's own words (SQL, table names) go to the log only.
    logger.info(
      { code: pg.code, constraint: pg.constraint, message: pg.message, detail: pg.detail },
      'constraint refused a change',
    );
  }
  switch (pg?.code) {
    case '23514': // check_violation
      if (pg.constraint?.startsWith('stock_balances')) {
        return new HttpProblem(
          409,
          'insufficient-stock',
          'Insufficient stock',
          'the stock would go below zero; nothing was posted',
        );
      }
      return constraintProblem(pg, 'check');
    case '23505': // unique_violation
      return constraintProblem(pg, 'unique');
    case '23503': // foreign_key_violation
      return constraintProblem(pg, 'foreign-key');
    case '23502': {
      // not_null_violation: a value the schema let through as optional but the data needs.
      const field = pg.column ? camelCase(pg.column) : null;
      return new HttpProblem(
        400,
        'missing-value',
        'Bad request',
        `${field ?? 'a value'} is required for the ${nounOf(pg.table)}`,
        field ? [{ path: field, message: 'required' }] : undefined,
        undefined,
        { field },
      );
    }
    // Data exceptions: a value the schema let through but the database cannot hold (a number
    // beyond numeric or integer range, text it cannot encode, a date past its range). Bad input.
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22021': // character_not_in_repertoire
    case '22P02': // invalid_text_representation
    case '22P05': {
      // untranslatable_character
      logger.warn({ code: pg.code, message: (err as Error).message }, 'database refused a value');
      const reason = BAD_VALUE[pg.code]!;
      return new HttpProblem(400, 'bad-value', 'Bad request', reason.detail, undefined, undefined, {
        reason: reason.code,
      });
    }
    case '25006': // read_only_sql_transaction
    case '42501': // insufficient_privilege
    case '53100': // disk_full
      logger.error({ err }, 'database refuses writes');
      return new HttpProblem(
        503,
        'degraded',
        'Service degraded',
        'the database does not accept writes right now',
        undefined,
        {
          'Retry-After': '30',
        },
      );
  }
  if (unreachable(err)) {
    logger.error({ err }, 'database unreachable');
    return new HttpProblem(503, 'degraded', 'Service degraded', 'the database is unreachable', undefined, {
      'Retry-After': '5',
    });
  }
  logger.error({ err }, 'unhandled error');
  return new HttpProblem(
    500,
    'internal',
    'Internal error',
    'something went wrong on the server; it has been logged',
  );
}

export function renderProblem(c: Context, problem: HttpProblem): Response {
  for (const [k, v] of Object.entries(problem.headers ?? {})) c.header(k, v);
  return c.body(JSON.stringify(problem.toJSON()), problem.status as 400, {
    'Content-Type': 'application/problem+json',
  });
}
