import { AuthError } from '../errors/auth-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { IdempotencyMismatchError } from '../errors/idempotency-mismatch-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ServerError } from '../errors/server-error.js';
import { ServiceDegradedError } from '../errors/service-degraded-error.js';
import { ShopfloorError, type ShopfloorErrorOptions } from '../errors/shopfloor-error.js';
import { TooManyRequestsError } from '../errors/too-many-requests-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { Problem } from '../schemas/problem.js';
import { header } from './headers.js';
import { parseRetryAfter } from './retry-policy.js';
import type { TransportResponse } from './transport.js';

type ErrorClass = new (message: string, options: ShopfloorErrorOptions) => ShopfloorError;

const BY_STATUS: Record<number, ErrorClass> = {
  400: ValidationError,
  401: AuthError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: IdempotencyMismatchError,
  429: TooManyRequestsError,
  503: ServiceDegradedError,
};

/** The typed error for a non-2xx answer, carrying the server's problem+json when it sent one. */
export function errorFromResponse(
  response: TransportResponse,
  request: { method: string; url: string },
): ShopfloorError {
  const problem = readProblem(response.body);
  const ErrorType = BY_STATUS[response.status] ?? (response.status >= 500 ? ServerError : ShopfloorError);
  const message =
    problem?.detail ?? problem?.title ?? `${request.method} ${request.url} answered HTTP ${response.status}`;
  return new ErrorType(message, {
    status: response.status,
    problem,
    retryAfterMs: parseRetryAfter(header(response.headers, 'retry-after')),
  });
}

/** Proxies and gateways answer errors in HTML or not at all: then there is no problem to read. */
function readProblem(body: string): Problem | undefined {
  if (body === '') return undefined;
  try {
    const parsed = Problem.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
