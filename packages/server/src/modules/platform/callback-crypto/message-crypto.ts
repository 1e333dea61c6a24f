import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CallbackError, type CallbackPlatform } from './errors.js';

/**
 * The message crypto WeCom (加解密方案说明) and DingTalk (DingCallbackCrypto) share:
 * AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes, PKCS#7 padding to a
 * 32-byte block, plaintext = 16 random bytes + 4-byte big-endian length + message + ReceiveId, and
 * msg_signature = sha1 of the sorted concatenation of token, timestamp, nonce and the ciphertext.
 */

/** PKCS#7 as both platforms use it: padded to 32 bytes (not AES's 16), 1–32 bytes of padding. */
export const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/** The 32-byte AES key behind a 43-character EncodingAESKey (WeCom) or aes_key (DingTalk). */
export function decodeAesKey(platform: CallbackPlatform, encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new CallbackError(
      platform,
      'bad_key',
      `the callback AES key must be exactly 43 letters and digits (it is ${encodingAesKey.length} characters${/[^A-Za-z0-9]/.test(encodingAesKey) ? ', some of them not letters or digits' : ''})`,
    );
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export function pkcs7Pad(data: Buffer): Buffer {
  const n = PAD_BLOCK - (data.length % PAD_BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Strict: every padding byte must equal the count, and the count must be 1–32. */
export function pkcs7Unpad(platform: CallbackPlatform, data: Buffer): Buffer {
  const n = data.length === 0 ? 0 : data[data.length - 1]!;
  if (n < 1 || n > PAD_BLOCK || n > data.length) {
    throw new CallbackError(
      platform,
      'bad_padding',
      `the decrypted text ends in ${n}, not a padding of 1–32`,
    );
  }
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) {
      throw new CallbackError(platform, 'bad_padding', 'the padding bytes of the decrypted text differ');
    }
  }
  return data.subarray(0, data.length - n);
}

/** msg_signature: sha1 (hex) of token, timestamp, nonce and the ciphertext, sorted and joined. */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  // Both official libraries sort by UTF-16 code unit (Java Arrays.sort); so does Array.prototype.sort.
  return createHash('sha1')
    .update([token, timestamp, nonce, encrypted].sort().join(''), 'utf8')
    .digest('hex');
}

export function checkSignature(
  platform: CallbackPlatform,
  given: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): void {
  if (!SHA1_HEX.test(given)) {
    throw new CallbackError(platform, 'bad_signature', 'msg_signature is not 40 hexadecimal digits');
  }
  const expected = Buffer.from(messageSignature(token, timestamp, nonce, encrypted), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) {
    throw new CallbackError(
      platform,
      'bad_signature',
      'msg_signature does not match the token and the message',
    );
  }
}

export type TimestampUnit = 'seconds' | 'seconds-or-milliseconds';

/**
 * Replay guard: the request's timestamp must lie within `maxAgeMs` of the server's clock, either
 * side (a platform clock a little ahead is normal). DingTalk sends milliseconds (13 digits), WeCom
 * seconds.
 */
export function checkFreshness(
  platform: CallbackPlatform,
  timestamp: string,
  unit: TimestampUnit,
  now: Date,
  maxAgeMs: number,
): void {
  if (!/^\d{1,16}$/.test(timestamp)) {
    throw new CallbackError(platform, 'bad_request', 'timestamp is not a whole number');
  }
  const value = Number(timestamp);
  const ms = unit === 'seconds-or-milliseconds' && timestamp.length >= 13 ? value : value * 1000;
  const skew = Math.abs(now.getTime() - ms);
  if (skew > maxAgeMs) {
    throw new CallbackError(
      platform,
      'stale_timestamp',
      `the timestamp is ${Math.round(skew / 1000)} s away from the server's clock (at most ${Math.round(maxAgeMs / 1000)} s accepted)`,
    );
  }
}

/** Encrypts `message` for `receiveId`; `random` is only passed by tests that need a fixed output. */
export function encryptMessage(
  key: Buffer,
  message: string,
  receiveId: string,
  random: Buffer = randomBytes(RANDOM_BYTES),
): string {
  if (random.length !== RANDOM_BYTES) throw new RangeError('the random prefix must be 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(body.length);
  const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(platform: CallbackPlatform, bytes: Buffer, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CallbackError(platform, 'bad_payload', `the decrypted ${what} is not UTF-8`);
  }
}

/** Decrypts a ciphertext and checks its ReceiveId; returns the message. */
export function decryptMessage(
  platform: CallbackPlatform,
  key: Buffer,
  encrypted: string,
  expectedReceiveId: string,
): string {
  if (!BASE64.test(encrypted)) {
    throw new CallbackError(platform, 'bad_ciphertext', 'the encrypted text is not base64');
  }
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new CallbackError(
      platform,
      'bad_ciphertext',
      `the encrypted text is ${data.length} bytes, not a whole number of AES blocks`,
    );
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = pkcs7Unpad(platform, Buffer.concat([decipher.update(data), decipher.final()]));
  if (plain.length < RANDOM_BYTES + LENGTH_BYTES) {
    throw new CallbackError(platform, 'bad_length', 'the decrypted text is shorter than its header');
  }
  const length = plain.readUInt32BE(RANDOM_BYTES);
  const start = RANDOM_BYTES + LENGTH_BYTES;
  if (length > plain.length - start) {
    throw new CallbackError(
      platform,
      'bad_length',
      `the message length (${length}) runs past the decrypted text (${plain.length - start} bytes)`,
    );
  }
  const receiveId = decodeUtf8(platform, plain.subarray(start + length), 'ReceiveId');
  if (receiveId !== expectedReceiveId) {
    throw new CallbackError(
      platform,
      'wrong_receiver',
      `the message was encrypted for another ${platform === 'WeCom' ? 'corp' : 'corp or app'}`,
    );
  }
  return decodeUtf8(platform, plain.subarray(start, start + length), 'message');
}

/** A decimal nonce for replies, like the ones the platforms send. */
export function randomNonce(digits = 10): string {
  const bytes = randomBytes(digits);
  let out = '';
  for (const b of bytes) out += String(b % 10);
  return out.replace(/^0/, '1');
}
