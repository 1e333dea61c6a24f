import type * as z from 'zod/mini';

/**
 * Short English messages for the issues our schemas raise. zod/mini says only "Invalid input"
 * unless a locale is loaded, and a whole locale would cost more than these few lines.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, got ${issue.input === null ? 'null' : typeof issue.input}`;
    case 'too_small':
      return `${sizeOf(issue.origin)} must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      return `${sizeOf(issue.origin)} must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'date'
        ? 'expected a date YYYY-MM-DD'
        : issue.format === 'datetime'
          ? 'expected an ISO date-time with offset, e.g. 2026-07-01T08:30:00+08:00'
          : `does not match the ${issue.format} format`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    default:
      return undefined;
  }
}

function sizeOf(origin: string): string {
  return origin === 'string' ? 'length' : origin === 'array' ? 'number of entries' : 'value';
}
