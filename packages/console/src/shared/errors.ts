import { t } from '../i18n/i18n';

/** What the console reads from any error: the SDK's ShopfloorError carries `status` and `problem`. */
interface ErrorLike {
  status?: number;
  message?: string;
  problem?: { type?: string; title?: string; detail?: string; errors?: { path: string; message: string }[] };
}

/** A form field's errors, in the shape antd's `form.setFields` takes. */
export interface FieldErrors {
  name: (string | number)[];
  errors: string[];
}

/** The sentence to show for a failed call: the server's `detail`, else what the SDK said. */
export function errorText(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  if (e.problem?.detail) return e.problem.detail;
  if (e.problem?.title) return e.problem.title;
  if (e.status === undefined && /fetch|network|timeout|no answer/i.test(e.message ?? '')) {
    return t('error.network');
  }
  return e.message || t('error.unknown');
}

/** The last segment of the problem `type`, e.g. `in-use` or `last-admin`; undefined without one. */
export function problemKind(error: unknown): string | undefined {
  const type = (error as ErrorLike | undefined)?.problem?.type;
  if (!type) return undefined;
  return type.split('/').filter(Boolean).at(-1);
}

export function isStatus(error: unknown, status: number): boolean {
  return (error as ErrorLike | undefined)?.status === status;
}

/**
 * The problem's field errors as form fields: `operations.0.seq` → `['operations', 0, 'seq']`,
 * several messages for one field kept together. `known` limits them to fields the form has.
 */
export function fieldErrors(error: unknown, known?: (name: (string | number)[]) => boolean): FieldErrors[] {
  const list = (error as ErrorLike | undefined)?.problem?.errors ?? [];
  const byPath = new Map<string, FieldErrors>();
  for (const { path, message } of list) {
    const name = path
      .replace(/^body\./, '')
      .split('.')
      .filter((part) => part !== '')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    if (name.length === 0 || (known && !known(name))) continue;
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byPath.set(key, entry);
  }
  return [...byPath.values()];
}
