/**
 * Why a host bridge call failed: the host lacks the API (UNAVAILABLE, e.g. scanning on DingTalk PC),
 * the user backed out (CANCELLED), the bridge never answered (TIMEOUT), or the user or the host's
 * admin refused (DENIED).
 */
export type PlatformErrorCode = 'UNAVAILABLE' | 'CANCELLED' | 'TIMEOUT' | 'DENIED';

/** A bridge call failed; `message` is written for the user, `cause` keeps the host's raw error for logs. */
export class PlatformError extends Error {
  readonly code: PlatformErrorCode;

  constructor(code: PlatformErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformError';
    this.code = code;
  }
}
