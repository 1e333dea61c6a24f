import { PlatformError } from '@shopfloor/sdk';

/** Per bridge call: long enough for a person to aim at a label, short enough to not hang forever. */
export const DEFAULT_BRIDGE_TIMEOUT_MS = 15_000;

/** The raw failure a host bridge rejects with: DingTalk `{ errorCode, errorMessage }`, WeCom `{ errMsg }`. */
export function describeBridgeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    const message = record.errorMessage ?? record.errMsg ?? record.err_msg ?? record.message;
    const code = record.errorCode ?? record.errCode;
    if (message !== undefined)
      return code !== undefined ? `${String(message)} (${String(code)})` : String(message);
    if (code !== undefined) return `error ${String(code)}`;
  }
  return String(error);
}

/** True when the user backed out of the host's dialog rather than it failing. */
export function isCancellation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as Record<string, unknown>;
  // DingTalk answers errorCode 3 on cancel; WeCom's errMsg ends in ':cancel'.
  if (String(record.errorCode) === '3') return true;
  return /cancel/i.test(describeBridgeFailure(error));
}

/** Passes PlatformErrors through and turns anything else a bridge threw into one. */
export function toPlatformError(error: unknown, fallback: (detail: string) => PlatformError): PlatformError {
  return error instanceof PlatformError ? error : fallback(describeBridgeFailure(error));
}
