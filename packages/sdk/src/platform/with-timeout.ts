import { PlatformError } from './platform-error.js';

/**
 * Settles like `promise`, or rejects with PlatformError('TIMEOUT', message) after `ms`. Every bridge
 * call goes through it: outside their app, DingTalk's `dd.ready` and WeCom's `scanQRCode` never settle.
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PlatformError('TIMEOUT', message)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
