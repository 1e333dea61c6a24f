import { OutboxError } from './outbox-error.js';

/**
 * A random UUID v4 from Web Crypto: `randomUUID` where present (secure contexts only), else built
 * from `getRandomValues`, which http-served webviews still have. Math.random is never good enough
 * for a key the server uses to tell two reports apart.
 */
export function randomUuid(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new OutboxError(
      'NO_RANDOM_SOURCE',
      'No Web Crypto here: pass createOutbox({ uuid }) from the host',
    );
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
