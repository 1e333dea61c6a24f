import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/deps.js';
import { CallbackError } from '../src/modules/platform/callback-crypto/errors.js';
import {
  decodeAesKey,
  decryptMessage,
  encryptMessage,
  messageSignature,
  pkcs7Pad,
} from '../src/modules/platform/callback-crypto/message-crypto.js';
import {
  createWeComCallbackCrypto,
  parseTemplateCardEvent,
  parseWeComEnvelope,
} from '../src/modules/platform/callback-crypto/wecom.js';
import { cdata, parseXmlFields } from '../src/modules/platform/callback-crypto/xml.js';

const at = (seconds: number | string): Clock => ({ now: () => new Date(Number(seconds) * 1000) });

/** Catches a CallbackError and returns its code; fails on anything else. */
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
 * The worked example of WeCom's 加解密方案说明 (举例说明), https://developer.work.weixin.qq.com/document/path/90968
 * (same text for third-party apps: /document/path/91144), and the URL-verification request of WeCom's
 * official samples (WXBizMsgCrypt Sample.cpp/Sample.py, https://github.com/sbzhu/weworkapi_python
 * callback/Sample.py, linked from that page as 下载地址) for the same Token/EncodingAESKey/corpId.
 */
const DOC = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  },
  post: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
    plaintext:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n' +
      '<FromUserName><![CDATA[mycreate]]></FromUserName>\n' +
      '<CreateTime>1409659813</CreateTime>\n' +
      '<MsgType><![CDATA[text]]></MsgType>\n' +
      '<Content><![CDATA[hello]]></Content>\n' +
      '<MsgId>4561255354251345929</MsgId>\n' +
      '<AgentID>218</AgentID>\n' +
      '</xml>',
  },
};

/** The second set in the same official samples (callback/Sample.py, 2016 values). */
const SAMPLE = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  verify: {
    msgSignature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
  post: {
    msgSignature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    body: '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>',
  },
};

const docCrypto = (clock: Clock) =>
  createWeComCallbackCrypto(
    { token: DOC.token, encodingAesKey: DOC.encodingAesKey, receiveId: DOC.corpId },
    clock,
  );

/** The first 16 bytes of a vector's plaintext, read with Node's AES directly (not our code). */
function randomPrefixOf(encodingAesKey: string, encrypted: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]).subarray(0, 16);
}

describe('WeCom callback crypto: the official vectors', () => {
  it('answers the URL verification of the documentation with the decrypted echostr', () => {
    const crypto = docCrypto(at(Number(DOC.verify.timestamp) + 2));
    expect(crypto.verifyUrl(DOC.verify)).toBe('1616140317555161061');
    // The same request read by a form decoder that turned each unescaped "+" into a space.
    const formDecoded = new URLSearchParams(`echostr=${DOC.verify.echostr}`).get('echostr')!;
    expect(formDecoded).toContain(' ');
    expect(crypto.verifyUrl({ ...DOC.verify, echostr: formDecoded })).toBe('1616140317555161061');
  });

  it('checks and decrypts the POSTed example of 举例说明 to the documented message', () => {
    const crypto = docCrypto(at(Number(DOC.post.timestamp) + 1));
    const body = `<xml> <ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${DOC.post.encrypt}]]></Encrypt>\n   <AgentID><![CDATA[218]]></AgentID>\n   </xml>`;
    const { xml, fields, envelope } = crypto.decrypt(DOC.post, body);
    expect(xml).toBe(DOC.post.plaintext);
    expect(envelope).toEqual({ encrypt: DOC.post.encrypt, toUserName: DOC.corpId, agentId: '218' });
    expect(fields.get('Content')).toBe('hello');
    expect(fields.get('MsgId')).toBe('4561255354251345929');
    expect(messageSignature(DOC.token, DOC.post.timestamp, DOC.post.nonce, DOC.post.encrypt)).toBe(
      DOC.post.msgSignature,
    );
  });

  it('verifies and decrypts the second set of the official samples, Chinese included', () => {
    const crypto = createWeComCallbackCrypto(
      { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, receiveId: SAMPLE.corpId },
      at(SAMPLE.verify.timestamp),
    );
    expect(crypto.verifyUrl(SAMPLE.verify)).toBe('1288432023552776189');
    const later = createWeComCallbackCrypto(
      { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, receiveId: SAMPLE.corpId },
      at(SAMPLE.post.timestamp),
    );
    const { fields } = later.decrypt(SAMPLE.post, SAMPLE.post.body);
    expect(fields.get('Content')).toBe('你好');
    expect(fields.get('FromUserName')).toBe('ChenJiaShun');
    expect(fields.get('AgentID')).toBe('1000002');
  });

  it('encrypts byte for byte like WeCom: the same random prefix gives the vector ciphertext', () => {
    const key = decodeAesKey('WeCom', DOC.encodingAesKey);
    expect(key.toString('hex')).toBe(Buffer.from(`${DOC.encodingAesKey}=`, 'base64').toString('hex'));
    expect(
      encryptMessage(
        key,
        DOC.post.plaintext,
        DOC.corpId,
        randomPrefixOf(DOC.encodingAesKey, DOC.post.encrypt),
      ),
    ).toBe(DOC.post.encrypt);
    expect(
      encryptMessage(
        key,
        '1616140317555161061',
        DOC.corpId,
        randomPrefixOf(DOC.encodingAesKey, DOC.verify.echostr),
      ),
    ).toBe(DOC.verify.echostr);
  });
});

/** What WeCom would send: msg and corpId encrypted, signed with the token at `timestamp`. */
function weComRequest(
  opts: { token?: string; corpId?: string; timestamp?: string; nonce?: string } & { message: string },
) {
  const key = decodeAesKey('WeCom', DOC.encodingAesKey);
  const encrypt = encryptMessage(key, opts.message, opts.corpId ?? DOC.corpId);
  const timestamp = opts.timestamp ?? '1700000000';
  const nonce = opts.nonce ?? '1234567';
  return {
    query: {
      msgSignature: messageSignature(opts.token ?? DOC.token, timestamp, nonce, encrypt),
      timestamp,
      nonce,
    },
    encrypt,
    body: `<xml><ToUserName><![CDATA[${DOC.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
  };
}

const NOW = at(1_700_000_000);

describe('WeCom callback crypto: what it refuses', () => {
  it('round-trips any message for any corp (URL verification and message decryption)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        (message, corpId) => {
          const crypto = createWeComCallbackCrypto(
            { token: DOC.token, encodingAesKey: DOC.encodingAesKey, receiveId: corpId },
            NOW,
          );
          const request = weComRequest({ message, corpId });
          expect(crypto.verifyUrl({ ...request.query, echostr: request.encrypt })).toBe(message);
          const xml = `<xml><Content>${cdata(message)}</Content></xml>`;
          const post = weComRequest({ message: xml, corpId });
          expect(crypto.decrypt(post.query, post.body).fields.get('Content')).toBe(message);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a request when any one byte of ciphertext, signature, timestamp or nonce changes', () => {
    const crypto = docCrypto(NOW);
    const request = weComRequest({ message: '<xml><Content>批准</Content></xml>' });
    const b64 = Buffer.from(request.encrypt, 'base64');
    fc.assert(
      fc.property(
        fc.constantFrom('ciphertext', 'signature', 'timestamp', 'nonce'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (part, index, xor) => {
          const query = { ...request.query };
          let encrypt = request.encrypt;
          if (part === 'ciphertext') {
            const bytes = Buffer.from(b64);
            bytes[index % bytes.length]! ^= xor;
            encrypt = bytes.toString('base64');
          } else {
            const field = part === 'signature' ? 'msgSignature' : part;
            const text = query[field as keyof typeof query];
            const i = index % text.length;
            // Replace one character by another of the same kind (hex digit or decimal digit).
            const alphabet = part === 'signature' ? '0123456789abcdef' : '0123456789';
            const next =
              alphabet[(alphabet.indexOf(text[i]!) + 1 + (xor % (alphabet.length - 1))) % alphabet.length]!;
            query[field as keyof typeof query] = text.slice(0, i) + next + text.slice(i + 1);
          }
          const body = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
          expect(refusal(() => crypto.decrypt(query, body))).toBe('bad_signature');
          expect(refusal(() => crypto.verifyUrl({ ...query, echostr: encrypt }))).toBe('bad_signature');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a callback signed with another token (forged), with status 401', () => {
    const forged = weComRequest({ message: '<xml><Content>x</Content></xml>', token: 'not-the-token' });
    let error: unknown;
    try {
      docCrypto(NOW).decrypt(forged.query, forged.body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).code).toBe('bad_signature');
    expect((error as CallbackError).httpStatus).toBe(401);
    expect((error as CallbackError).message).not.toContain(DOC.token);
    expect(refusal(() => docCrypto(NOW).decrypt({ ...forged.query, msgSignature: 'abc' }, forged.body))).toBe(
      'bad_signature',
    );
  });

  it('refuses a message encrypted for another corp even when signed with our token', () => {
    const other = weComRequest({ message: '<xml><Content>x</Content></xml>', corpId: 'ww0000000000000000' });
    expect(refusal(() => docCrypto(NOW).decrypt(other.query, other.body))).toBe('wrong_receiver');
    expect(refusal(() => docCrypto(NOW).verifyUrl({ ...other.query, echostr: other.encrypt }))).toBe(
      'wrong_receiver',
    );
  });

  it('refuses timestamps outside the replay window (default 5 minutes, either side; configurable)', () => {
    const request = (timestamp: number) => weComRequest({ message: 'echo', timestamp: String(timestamp) });
    const crypto = docCrypto(NOW);
    const now = 1_700_000_000;
    for (const ts of [now - 300, now - 120, now, now + 300]) {
      const r = request(ts);
      expect(crypto.verifyUrl({ ...r.query, echostr: r.encrypt })).toBe('echo');
    }
    for (const ts of [now - 301, now + 301, now - 86_400, 1_409_659_589]) {
      const r = request(ts);
      expect(refusal(() => crypto.verifyUrl({ ...r.query, echostr: r.encrypt }))).toBe('stale_timestamp');
    }
    const strict = createWeComCallbackCrypto(
      { token: DOC.token, encodingAesKey: DOC.encodingAesKey, receiveId: DOC.corpId, maxAgeSeconds: 60 },
      NOW,
    );
    const r = request(now - 120);
    expect(refusal(() => strict.verifyUrl({ ...r.query, echostr: r.encrypt }))).toBe('stale_timestamp');
    const words = weComRequest({ message: 'echo', timestamp: 'yesterday' });
    expect(refusal(() => crypto.verifyUrl({ ...words.query, echostr: words.encrypt }))).toBe('bad_request');
  });

  it('refuses bad padding, bad lengths and non-ciphertexts with typed errors, never anything else', () => {
    const key = decodeAesKey('WeCom', DOC.encodingAesKey);
    const raw = (plain: Buffer) => {
      const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    };
    const header = (length: number) => {
      const b = Buffer.alloc(20);
      b.writeUInt32BE(length, 16);
      return b;
    };
    const body = Buffer.concat([header(5), Buffer.from('hello'), Buffer.from(DOC.corpId)]);
    const padded = pkcs7Pad(body);
    const cases: [Buffer | string, string][] = [
      [Buffer.concat([body, Buffer.alloc(32 - (body.length % 32), 0)]), 'bad_padding'], // pad byte 0
      [Buffer.concat([padded.subarray(0, -1), Buffer.from([33])]), 'bad_padding'], // more than a block
      [Buffer.concat([padded.subarray(0, -2), Buffer.from([7, padded.at(-1)!])]), 'bad_padding'], // bytes differ
      [pkcs7Pad(Buffer.concat([header(1000), Buffer.from('hello')])), 'bad_length'],
      [pkcs7Pad(Buffer.from('short')), 'bad_length'],
      ['not-base64!', 'bad_ciphertext'],
      [Buffer.from('0123456789abcdefXYZ').toString('base64'), 'bad_ciphertext'],
    ];
    for (const [plain, code] of cases) {
      const encrypt = typeof plain === 'string' ? plain : raw(plain);
      expect(refusal(() => decryptMessage('WeCom', key, encrypt, DOC.corpId))).toBe(code);
      // Through the whole check too, signed with the right token: the typed error reaches the route.
      const query = {
        msgSignature: messageSignature(DOC.token, '1700000000', '1', encrypt),
        timestamp: '1700000000',
        nonce: '1',
      };
      expect(refusal(() => docCrypto(NOW).verifyUrl({ ...query, echostr: encrypt }))).toBe(code);
    }
    expect(decryptMessage('WeCom', key, raw(padded), DOC.corpId)).toBe('hello');
  });

  it('never throws anything but a CallbackError on a mangled ciphertext, even one that passes the signature', () => {
    const key = decodeAesKey('WeCom', DOC.encodingAesKey);
    const good = Buffer.from(encryptMessage(key, 'hello 你好', DOC.corpId), 'base64');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(), (noise, cut) => {
        const mangled = Buffer.concat([good.subarray(0, cut % (good.length + 1)), Buffer.from(noise)]);
        try {
          decryptMessage('WeCom', key, mangled.toString('base64'), DOC.corpId);
        } catch (err) {
          expect(err).toBeInstanceOf(CallbackError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an unusable key setting (503: the server is misconfigured) and an envelope without Encrypt', () => {
    let error: unknown;
    try {
      createWeComCallbackCrypto({ token: 't', encodingAesKey: 'short', receiveId: DOC.corpId });
    } catch (err) {
      error = err;
    }
    expect((error as CallbackError).code).toBe('bad_key');
    expect((error as CallbackError).httpStatus).toBe(503);
    expect(
      refusal(() =>
        createWeComCallbackCrypto({ token: 't', encodingAesKey: `${'a'.repeat(42)}+`, receiveId: 'c' }),
      ),
    ).toBe('bad_key');
    expect(refusal(() => parseWeComEnvelope('<xml><ToUserName>x</ToUserName></xml>'))).toBe('bad_envelope');
    expect(refusal(() => parseWeComEnvelope('{"encrypt":"abc"}'))).toBe('bad_envelope');
    expect(
      refusal(() => docCrypto(NOW).verifyUrl({ ...weComRequest({ message: 'x' }).query, echostr: '' })),
    ).toBe('bad_request');
  });
});

describe('WeCom passive replies', () => {
  it('encrypts and signs a reply that WeCom (here: our own decrypt) opens to the same XML', () => {
    const crypto = docCrypto(NOW);
    const reply = '<xml><ToUserName>mycreate</ToUserName><Content><![CDATA[已批准]]></Content></xml>';
    const envelope = parseXmlFields(crypto.encryptReply(reply))!;
    const query = {
      msgSignature: envelope.get('MsgSignature')!,
      timestamp: envelope.get('TimeStamp')!,
      nonce: envelope.get('Nonce')!,
    };
    expect(query.timestamp).toBe('1700000000');
    expect(query.nonce).toMatch(/^[1-9][0-9]{9}$/);
    expect(query.msgSignature).toBe(
      createHash('sha1')
        .update([DOC.token, query.timestamp, query.nonce, envelope.get('Encrypt')!].sort().join(''))
        .digest('hex'),
    );
    expect(
      crypto.decrypt(query, `<xml><Encrypt>${cdata(envelope.get('Encrypt')!)}</Encrypt></xml>`).xml,
    ).toBe(reply);
  });

  it('uses a fresh nonce and random prefix for every reply', () => {
    const crypto = docCrypto(NOW);
    const a = parseXmlFields(crypto.encryptReply('<xml/>'))!;
    const b = parseXmlFields(crypto.encryptReply('<xml/>'))!;
    expect(a.get('Nonce')).not.toBe(b.get('Nonce'));
    expect(a.get('Encrypt')).not.toBe(b.get('Encrypt'));
    const fixed = parseXmlFields(
      crypto.encryptReply('<xml/>', { timestamp: '1409659813', nonce: '1372623149' }),
    )!;
    expect(fixed.get('TimeStamp')).toBe('1409659813');
    expect(fixed.get('Nonce')).toBe('1372623149');
  });
});

describe('WeCom XML and the template card event', () => {
  /** 模板卡片事件推送, https://developer.work.weixin.qq.com/document/path/90240, with our button key. */
  const cardEvent = (eventKey: string, extra = '') =>
    `<xml><ToUserName><![CDATA[${DOC.corpId}]]></ToUserName>\n<FromUserName><![CDATA[zhangsan]]></FromUserName>\n<CreateTime>1700000000</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[template_card_event]]></Event>\n<EventKey><![CDATA[${eventKey}]]></EventKey>\n<TaskId><![CDATA[ir-0b6f]]></TaskId>\n<CardType><![CDATA[button_interaction]]></CardType>\n<ResponseCode><![CDATA[rc-1]]></ResponseCode>\n<AgentID>1000002</AgentID>${extra}\n</xml>`;

  it('reads a button press on the approval card into a typed event', () => {
    const request = weComRequest({ message: cardEvent('approve') });
    const { fields } = docCrypto(NOW).decrypt(request.query, request.body);
    expect(parseTemplateCardEvent(fields)).toEqual({
      corpId: DOC.corpId,
      userId: 'zhangsan',
      createTime: 1_700_000_000,
      agentId: '1000002',
      eventKey: 'approve',
      taskId: 'ir-0b6f',
      cardType: 'button_interaction',
      responseCode: 'rc-1',
      action: 'approve',
    });
    for (const key of ['reject', 'view'] as const) {
      expect(parseTemplateCardEvent(parseXmlFields(cardEvent(key))!)?.action).toBe(key);
    }
    const other = parseTemplateCardEvent(parseXmlFields(cardEvent('something-else'))!);
    expect(other?.action).toBeUndefined();
    expect(other?.eventKey).toBe('something-else');
  });

  it('reads SelectedItems as nested (not text) and the rest of the event all the same', () => {
    const fields = parseXmlFields(
      cardEvent(
        'reject',
        '<SelectedItems><SelectedItem><QuestionKey><![CDATA[q]]></QuestionKey><OptionIds><OptionId><![CDATA[o1]]></OptionId></OptionIds></SelectedItem></SelectedItems>',
      ),
    )!;
    expect(fields.get('SelectedItems')).toBeNull();
    expect(parseTemplateCardEvent(fields)?.action).toBe('reject');
  });

  it('refuses a card event missing who pressed or which task, and ignores other messages', () => {
    const noTask = parseXmlFields(cardEvent('approve').replace(/<TaskId>.*<\/TaskId>/, ''))!;
    expect(refusal(() => parseTemplateCardEvent(noTask))).toBe('bad_payload');
    const noUser = parseXmlFields(cardEvent('approve').replace(/<FromUserName>.*<\/FromUserName>/, ''))!;
    expect(refusal(() => parseTemplateCardEvent(noUser))).toBe('bad_payload');
    expect(parseTemplateCardEvent(parseXmlFields(DOC.post.plaintext)!)).toBeUndefined();
  });

  it('does not take a text message that quotes an event for the event', () => {
    const quoted = `<xml><ToUserName><![CDATA[c]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[<Event>template_card_event</Event><EventKey>approve</EventKey></Content>]]></Content></xml>`;
    const fields = parseXmlFields(quoted)!;
    expect(fields.get('Event')).toBeUndefined();
    expect(fields.get('Content')).toBe(
      '<Event>template_card_event</Event><EventKey>approve</EventKey></Content>',
    );
    expect(parseTemplateCardEvent(fields)).toBeUndefined();
  });

  it('reads CDATA exactly and plain text with entities, and refuses what it cannot read for sure', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(parseXmlFields(`<xml><A>${cdata(text)}</A></xml>`)?.get('A')).toBe(text);
      }),
      { numRuns: 300 },
    );
    expect(
      parseXmlFields('<?xml version="1.0"?>\n<xml><A>a &amp; b &lt;c&gt; &#20013;&#x6587;</A><B/></xml>'),
    ).toEqual(
      new Map([
        ['A', 'a & b <c> 中文'],
        ['B', ''],
      ]),
    );
    for (const bad of [
      '<xml><A>1</A><A>2</A></xml>', // a name twice: ambiguous
      '<xml><A>&bogus;</A></xml>',
      '<xml><A>a & b</A></xml>',
      '<xml><!-- c --><A>1</A></xml>',
      '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>',
      '<xml><A><![CDATA[open</A></xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      '<xml><A>1</A></xml>trailing',
      'plain text',
    ]) {
      expect(parseXmlFields(bad), bad).toBeUndefined();
    }
  });
});
