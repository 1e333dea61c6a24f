import { type FieldError, fieldErrors } from '@shopfloor/sdk';

export type ProblemParams = Record<string, string | number | null>;

/** An answer in application/problem+json. Throw it anywhere in a handler; the app renders it. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** The values in `detail`, for clients that word the problem in their own language. */
    readonly params?: ProblemParams,
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  toJSON() {
    return {
      type: `/problems/${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...(this.params ? { params: this.params } : {}),
    };
  }
}

// `slug` is the problem's code, one of the SDK's FLOOR_PROBLEMS when a person on the floor can meet it:
// the app words it from the code and `params` in the reader's language.
export const badRequest = (
  detail: string,
  errors?: FieldError[],
  slug = 'validation',
  params?: ProblemParams,
) => new HttpProblem(400, slug, 'Bad request', detail, errors, undefined, params);
export const unauthorized = (detail: string, slug = 'unauthorized') =>
  new HttpProblem(401, slug, 'Not signed in', detail);
export const forbidden = (detail: string, params?: ProblemParams, slug = 'forbidden') =>
  new HttpProblem(403, slug, 'Not allowed', detail, undefined, undefined, params);
export const notFound = (detail: string, slug = 'not-found', params?: ProblemParams) =>
  new HttpProblem(404, slug, 'Not found', detail, undefined, undefined, params);
export const conflict = (slug: string, detail: string, params?: ProblemParams) =>
  new HttpProblem(409, slug, 'Conflict', detail, undefined, undefined, params);
export const degraded = (detail: string) =>
  new HttpProblem(503, 'degraded', 'Service degraded', detail, undefined, { 'Retry-After': '5' });

/** Field paths as the SDK's ValidationError exposes them (`lines.0.qty`), with the check and its bounds. */
export const zodErrors = fieldErrors;
