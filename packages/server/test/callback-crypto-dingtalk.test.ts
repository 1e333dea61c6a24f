import { createDecipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/deps.js';
import {
  createDingTalkCallbackCrypto,
  dingTalkQuery,
  parseDingTalkCardCallback,
} from '../src/modules/platform/callback-crypto/dingtalk.js';
import { CallbackError } from '../src/modules/platform/callback-crypto/errors.js';
import {
  decodeAesKey,
  encryptMessage,
  messageSignature,
} from '../src/modules/platform/callback-crypto/message-crypto.js';

const atMs = (ms: number | string): Clock => ({ now: () => new Date(Number(ms)) });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof CallbackError) return err.code;
    throw err;
  }
  throw new Error('expected a CallbackError, the call succeeded');
}

/**
 * The sample request in DingTalk's official callback library, DingCallbackCrypto3.py `__main__`
 * (https://github.com/open-dingtalk/DingTalk-Callback-Crypto/blob/main/DingCallbackCrypto3.py):
 * a check_url event with a millisecond timeStamp.
 */
const VECTOR = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  msgSignature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  plaintext: '{"EventType":"check_url"}',
};

const NOW_MS = 1_700_000_000_000;
const crypto = (clock: Clock = atMs(NOW_MS), ownerKey = VECTOR.ownerKey, maxAgeSeconds?: number) =>
  createDingTalkCallbackCrypto(
    { token: VECTOR.token, aesKey: VECTOR.aesKey, ownerKey, maxAgeSeconds },
    clock,
  );

/** What DingTalk would POST: the query and the JSON body. */
function dingTalkRequest(opts: { message: string; ownerKey?: string; token?: string; timestamp?: string }) {
  const encrypt = encryptMessage(
    decodeAesKey('DingTalk', VECTOR.aesKey),
    opts.message,
    opts.ownerKey ?? VECTOR.ownerKey,
  );
  const timestamp = opts.timestamp ?? String(NOW_MS);
  const nonce = 'aB3dE5gH';
  return {
    query: {
      msgSignature: messageSignature(opts.token ?? VECTOR.token, timestamp, nonce, encrypt),
      timestamp,
      nonce,
    },
    body: { encrypt } as { encrypt: string },
  };
}

describe('DingTalk callback crypto: the official vector', () => {
  it('checks and decrypts the sample of DingCallbackCrypto to its check_url event', () => {
    const c = crypto(atMs(Number(VECTOR.timestamp) + 1500));
    const query = { msgSignature: VECTOR.msgSignature, timestamp: VECTOR.timestamp, nonce: VECTOR.nonce };
    expect(c.decrypt(query, { encrypt: VECTOR.encrypt })).toBe(VECTOR.plaintext);
    expect(c.decryptEvent(query, { encrypt: VECTOR.encrypt })).toEqual({
      eventType: 'check_url',
      data: { EventType: 'check_url' },
    });
  });

  it('encrypts byte for byte like DingTalk: the same random prefix gives the vector ciphertext', () => {
    const key = Buffer.from(`${VECTOR.aesKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const random = Buffer.concat([
      decipher.update(Buffer.from(VECTOR.encrypt, 'base64')),
      decipher.final(),
    ]).subarray(0, 16);
    expect(
      encryptMessage(decodeAesKey('DingTalk', VECTOR.aesKey), VECTOR.plaintext, VECTOR.ownerKey, random),
    ).toBe(VECTOR.encrypt);
  });
});

describe('DingTalk callback crypto: what it refuses', () => {
  it('round-trips any event for any app key, timestamps in milliseconds or seconds', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (message, ownerKey, seconds) => {
          const timestamp = seconds ? String(NOW_MS / 1000) : String(NOW_MS);
          const request = dingTalkRequest({ message, ownerKey, timestamp });
          expect(crypto(atMs(NOW_MS), ownerKey).decrypt(request.query, request.body)).toBe(message);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a request when any one byte of ciphertext, signature, timestamp or nonce changes', () => {
    const request = dingTalkRequest({ message: '{"EventType":"user_add_org"}' });
    const bytes = Buffer.from(request.body.encrypt, 'base64');
    fc.assert(
      fc.property(
        fc.constantFrom('ciphertext', 'signature', 'timestamp', 'nonce'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (part, index, xor) => {
          const query = { ...request.query };
          let encrypt = request.body.encrypt;
          if (part === 'ciphertext') {
            const changed = Buffer.from(bytes);
            changed[index % changed.length]! ^= xor;
            encrypt = changed.toString('base64');
          } else {
            const field = part === 'signature' ? 'msgSignature' : part;
            const text = query[field as keyof typeof query];
            const i = index % text.length;
            const alphabet =
              part === 'signature' ? '0123456789abcdef' : part === 'nonce' ? 'aB3dE5gH9' : '0123456789';
            const from = Math.max(0, alphabet.indexOf(text[i]!));
            const next = alphabet[(from + 1 + (xor % (alphabet.length - 1))) % alphabet.length]!;
            query[field as keyof typeof query] = text.slice(0, i) + next + text.slice(i + 1);
          }
          expect(refusal(() => crypto().decrypt(query, { encrypt }))).toBe('bad_signature');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a forged signature, another app key, a stale timestamp and a body without encrypt', () => {
    const forged = dingTalkRequest({ message: '{}', token: 'guessed' });
    expect(refusal(() => crypto().decrypt(forged.query, forged.body))).toBe('bad_signature');

    const corpIdInstead = dingTalkRequest({ message: '{}', ownerKey: 'dingOtherCorp' });
    expect(refusal(() => crypto().decrypt(corpIdInstead.query, corpIdInstead.body))).toBe('wrong_receiver');

    for (const [timestamp, code] of [
      [String(NOW_MS - 300_000), undefined],
      [String(NOW_MS + 300_000), undefined],
      [String(NOW_MS - 300_001), 'stale_timestamp'],
      [String(NOW_MS / 1000 - 301), 'stale_timestamp'],
      [VECTOR.timestamp, 'stale_timestamp'],
    ] as const) {
      const request = dingTalkRequest({ message: 'm', timestamp });
      if (code)
        expect(
          refusal(() => crypto().decrypt(request.query, request.body)),
          timestamp,
        ).toBe(code);
      else expect(crypto().decrypt(request.query, request.body)).toBe('m');
    }
    const minute = dingTalkRequest({ message: 'm', timestamp: String(NOW_MS - 90_000) });
    expect(crypto().decrypt(minute.query, minute.body)).toBe('m');
    expect(refusal(() => crypto(atMs(NOW_MS), VECTOR.ownerKey, 60).decrypt(minute.query, minute.body))).toBe(
      'stale_timestamp',
    );

    const ok = dingTalkRequest({ message: 'm' });
    for (const body of [undefined, null, 'text', {}, { encrypt: 42 }, { encrypt: '' }]) {
      expect(refusal(() => crypto().decrypt(ok.query, body))).toBe('bad_envelope');
    }
    expect(refusal(() => crypto().decrypt({ ...ok.query, nonce: '' }, ok.body))).toBe('bad_request');
  });

  it('refuses a decrypted event that is not a JSON object with an EventType', () => {
    for (const message of ['success', '[1,2]', '{"eventType":"lowercase"}', 'null']) {
      const request = dingTalkRequest({ message });
      expect(
        refusal(() => crypto().decryptEvent(request.query, request.body)),
        message,
      ).toBe('bad_payload');
    }
  });

  it('reads the query under both spellings DingTalk uses', () => {
    const modern = new URLSearchParams({ msg_signature: 's', timestamp: '1', nonce: 'n' });
    const legacy = new URLSearchParams({ signature: 's', timeStamp: '1', nonce: 'n' });
    for (const q of [modern, legacy]) {
      expect(dingTalkQuery((name) => q.get(name) ?? undefined)).toEqual({
        msgSignature: 's',
        timestamp: '1',
        nonce: 'n',
      });
    }
  });
});

describe('DingTalk "success" reply', () => {
  it('is encrypted for our app key and signed, with a millisecond timeStamp and a 16-character nonce', () => {
    const c = crypto();
    const reply = c.encryptReply();
    expect(reply.timeStamp).toBe(String(NOW_MS));
    expect(reply.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(reply.msg_signature).toBe(
      createHash('sha1')
        .update([VECTOR.token, reply.timeStamp, reply.nonce, reply.encrypt].sort().join(''))
        .digest('hex'),
    );
    const query = { msgSignature: reply.msg_signature, timestamp: reply.timeStamp, nonce: reply.nonce };
    expect(c.decrypt(query, { encrypt: reply.encrypt })).toBe('success');
    const again = c.encryptReply();
    expect(again.nonce).not.toBe(reply.nonce);
    expect(again.encrypt).not.toBe(reply.encrypt);
  });
});

describe('DingTalk interactive card (互动卡片) callback', () => {
  /**
   * The shape of a 回传请求 as DingTalk's own card examples log it (dingtalk-stream-sdk-python,
   * dingtalk_stream/card_callback.py, topic /v1.0/card/instances/callback).
   */
  const sample = {
    extension: '{}',
    corpId: 'ding9f50b15bccd16741',
    spaceType: '',
    userIdType: 1,
    type: 'actionCallback',
    userId: '04574258341072934',
    content: '{"cardPrivateData":{"actionIds":["button_node_ocljnpbz4i4"],"params":{}}}',
    spaceId: '',
    outTrackId: '53d6dda444c74f5f17bf4534333c1a46f690b4ddadac8d7e80fc11c2e4a714cb',
    value: '{"cardPrivateData":{"actionIds":["button_node_ocljnpbz4i4"],"params":{}}}',
  };

  it("reads DingTalk's sample into a typed press with no approval action", () => {
    expect(parseDingTalkCardCallback(sample)).toEqual({
      type: 'actionCallback',
      outTrackId: sample.outTrackId,
      corpId: 'ding9f50b15bccd16741',
      userId: '04574258341072934',
      userIdType: 1,
      spaceType: '',
      spaceId: '',
      actionIds: ['button_node_ocljnpbz4i4'],
      params: {},
      action: undefined,
    });
  });

  it('takes the approval action from the button params, else from the action id', () => {
    const press = (inner: unknown) =>
      parseDingTalkCardCallback({ ...sample, value: JSON.stringify(inner), content: undefined });
    expect(press({ cardPrivateData: { actionIds: ['btn1'], params: { action: 'reject' } } }).action).toBe(
      'reject',
    );
    expect(press({ cardPrivateData: { actionIds: ['approve'], params: {} } }).action).toBe('approve');
    expect(press({ cardPrivateData: { actionIds: ['view'] } }).action).toBe('view');
    expect(
      press({ cardPrivateData: { actionIds: ['x'], params: { action: 'delete-everything' } } }).action,
    ).toBeUndefined();
  });

  it('refuses a press without a user, a card id or readable private data', () => {
    const { userId: _userId, ...noUser } = sample;
    expect(refusal(() => parseDingTalkCardCallback(noUser))).toBe('bad_payload');
    expect(refusal(() => parseDingTalkCardCallback({ ...sample, outTrackId: '' }))).toBe('bad_payload');
    expect(refusal(() => parseDingTalkCardCallback({ ...sample, value: 'not json' }))).toBe('bad_payload');
    expect(
      refusal(() => parseDingTalkCardCallback({ ...sample, value: undefined, content: undefined })),
    ).toBe('bad_payload');
    expect(refusal(() => parseDingTalkCardCallback({ ...sample, value: '{"other":1}' }))).toBe('bad_payload');
    expect(refusal(() => parseDingTalkCardCallback('text'))).toBe('bad_payload');
  });
});
