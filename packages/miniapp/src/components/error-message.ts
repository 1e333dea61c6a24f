import {
  AuthError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PlatformError,
  ResponseValidationError,
  ServerError,
  ServiceDegradedError,
  ShopfloorError,
  StorageUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  ValidationError,
} from '@shopfloor/sdk';
import { validationText } from '../i18n/field-checks';
import { getLocale, type Locale } from '../i18n/i18n';
import { localProblemText, problemCode } from '../i18n/problems';

/**
 * The line to show a person, in the reader's language: a known server problem from its code and
 * params, a refused field by its check, else what kind of failure it was. Developer sentences (the
 * server's `detail`, the SDK's messages) reach only an English reader, as the more precise words.
 */
export function errorMessage(error: unknown, locale: Locale = getLocale()): string {
  if (error instanceof ShopfloorError) {
    const problem = error.problem;
    const known = localProblemText(problem?.type, problem?.params, locale);
    if (known !== undefined && problemCode(problem?.type) !== 'validation') return known;
    const errors = error instanceof ValidationError ? error.errors : (problem?.errors ?? []);
    if (errors.length > 0) return validationText(errors, locale);
    if (known !== undefined) return known;
    const kind = kindText(error, locale);
    if (locale === 'en') return problem?.detail ?? problem?.title ?? kind;
    const code = problemCode(problem?.type);
    return code && code !== 'about:blank' ? `${kind}（${code}）` : kind;
  }
  if (error instanceof StorageUnavailableError) return WORDS[locale].storage;
  if (error instanceof PlatformError) return error.message;
  if (error instanceof Error)
    return locale === 'en' ? error.message : `${WORDS[locale].unexpected}：${error.name}`;
  return String(error);
}

const WORDS = {
  'zh-CN': {
    network: '连不上服务器，请检查网络后重试',
    timeout: '服务器没有及时回应，请稍后重试',
    busy: (s: number | undefined) => (s ? `操作太频繁，请 ${s} 秒后再试` : '操作太频繁，请稍后再试'),
    server: (status: number | undefined) =>
      `服务器出错${status ? `（${status}）` : ''}，请稍后重试或联系管理员`,
    answer: '服务器的回答无法识别，应用与服务器版本可能不一致，请联系管理员',
    auth: '登录已失效，请重新登录',
    forbidden: '没有权限做这件事',
    notFound: '找不到要找的数据，可能已被删除',
    conflict: '与最新的数据冲突，请刷新后重试',
    invalid: '提交的内容有误，请检查后重试',
    other: '操作没有成功，请稍后重试',
    storage: '手机无法保存数据（存储空间已满或被禁用），待发送的报工可能丢失，请联系管理员',
    unexpected: '应用出错了，请重试',
  },
  en: {
    network: 'Cannot reach the server: check the network and try again',
    timeout: 'The server did not answer in time: try again shortly',
    busy: (s: number | undefined) =>
      s ? `Too many attempts: try again in ${s} s` : 'Too many attempts: try again shortly',
    server: (status: number | undefined) =>
      `The server failed${status ? ` (${status})` : ''}: try again or ask an administrator`,
    answer:
      'The server answered in a way this app does not understand: ask an administrator (versions may differ)',
    auth: 'Your sign-in has expired: sign in again',
    forbidden: 'You are not allowed to do this',
    notFound: 'Not found: it may have been deleted',
    conflict: 'This clashes with newer data: refresh and try again',
    invalid: 'Something you entered is not valid: check and try again',
    other: 'That did not work: try again shortly',
    storage:
      'This phone cannot store data (full or disabled): pending reports may be lost; ask an administrator',
    unexpected: 'The app failed: try again',
  },
};

function kindText(error: ShopfloorError, locale: Locale): string {
  const w = WORDS[locale];
  if (error instanceof NetworkError) return w.network;
  if (error instanceof TimeoutError) return w.timeout;
  if (error instanceof TooManyRequestsError)
    return w.busy(error.retryAfterMs ? Math.ceil(error.retryAfterMs / 1000) : undefined);
  if (error instanceof ResponseValidationError) return w.answer;
  if (error instanceof ServiceDegradedError)
    return localProblemText('/problems/degraded', {}, locale) ?? w.other;
  if (error instanceof ServerError) return w.server(error.status);
  if (error instanceof AuthError) return w.auth;
  if (error instanceof ForbiddenError) return w.forbidden;
  if (error instanceof NotFoundError) return w.notFound;
  if (error instanceof ConflictError) return w.conflict;
  if (error instanceof ValidationError) return w.invalid;
  return w.other;
}
