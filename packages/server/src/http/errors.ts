import type { Context } from 'hono';
import type { Logger } from 'pino';
import { HttpProblem } from './problem.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
}

/** Turns anything thrown into problem+json. Database constraint hits are the caller's fault, not a 500. */
export function toProblem(err: unknown, logger: Logger): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const pg = err as PgError;
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
      return new HttpProblem(
        409,
        'constraint',
        'Conflict',
        `the change breaks a rule of the data (${pg.constraint ?? 'check'})`,
      );
    case '23505': // unique_violation
      return new HttpProblem(
        409,
        'duplicate',
        'Already exists',
        pg.detail ?? 'a record with this key already exists',
      );
    case '23503': // foreign_key_violation
      return new HttpProblem(
        400,
        'unknown-reference',
        'Unknown reference',
        pg.detail ?? 'the request refers to something that does not exist',
      );
    // Data exceptions: a value the schema let through but the database cannot hold (a number
    // beyond numeric or integer range, text it cannot encode, a date past its range). Bad input.
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22021': // character_not_in_repertoire
    case '22P02': // invalid_text_representation
    case '22P05': // untranslatable_character
      logger.warn({ code: pg.code, message: (err as Error).message }, 'database refused a value');
      return new HttpProblem(
        400,
        'bad-value',
        'Bad request',
        `a value is out of the range or encoding the database can store (${(err as Error).message})`,
      );
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
    case '57P01':
    case '08006':
    case '08001':
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
