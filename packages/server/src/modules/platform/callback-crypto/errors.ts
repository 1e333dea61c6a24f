export type CallbackPlatform = 'DingTalk' | 'WeCom';

/**
 * Why a callback was refused. The codes are stable (logs and tests read them); the message is for
 * people and never carries the token, the key or the plaintext.
 */
export type CallbackErrorCode =
  /** The Token or EncodingAESKey/aes_key setting itself is unusable: a server misconfiguration. */
  | 'bad_key'
  /** msg_signature, timestamp, nonce or the encrypted text is missing or malformed. */
  | 'bad_request'
  /** msg_signature does not match sha1(sort(token, timestamp, nonce, encrypt)). */
  | 'bad_signature'
  /** The timestamp is further from the server's clock than the replay window allows. */
  | 'stale_timestamp'
  /** The encrypted text is not base64, or not a whole number of AES blocks. */
  | 'bad_ciphertext'
  /** The decrypted text does not end in valid PKCS#7 padding (block size 32). */
  | 'bad_padding'
  /** The 4-byte message length points past the end of the decrypted text. */
  | 'bad_length'
  /** The decrypted ReceiveId (WeCom corpId, DingTalk corpId/appKey/suiteKey) is not ours. */
  | 'wrong_receiver'
  /** The envelope (WeCom XML, DingTalk JSON) is unreadable or has no encrypted field. */
  | 'bad_envelope'
  /** The decrypted message is not UTF-8 or not the shape the caller asked for. */
  | 'bad_payload';

/** A callback from DingTalk or WeCom that must not be acted on. */
export class CallbackError extends Error {
  constructor(
    readonly platform: CallbackPlatform,
    readonly code: CallbackErrorCode,
    message: string,
  ) {
    super(`${platform} callback refused (${code}): ${message}`);
    this.name = 'CallbackError';
  }

  /**
   * The status a callback route answers with: 503 when the server's own settings are wrong (the
   * platform retries later), 401 when the request is not authentic or too old, 400 otherwise.
   */
  get httpStatus(): 400 | 401 | 503 {
    if (this.code === 'bad_key') return 503;
    if (this.code === 'bad_signature' || this.code === 'stale_timestamp' || this.code === 'wrong_receiver') {
      return 401;
    }
    return 400;
  }
}
