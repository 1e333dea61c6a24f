import pg from 'pg';

/**
 * A text value as an SQL literal (quotes doubled; E'' with backslashes doubled when it holds one),
 * for statements sent without parameters: several of them in one string, one round trip.
 */
export function literal(value: string): string {
  return pg.escapeLiteral(value);
}
