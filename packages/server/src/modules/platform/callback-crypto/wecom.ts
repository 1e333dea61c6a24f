import { type Clock, systemClock } from '../../../deps.js';
import { CallbackError } from './errors.js';
import {
  checkFreshness,
  checkSignature,
  decodeAesKey,
  decryptMessage,
  encryptMessage,
  messageSignature,
  randomNonce,
} from './message-crypto.js';
import { cdata, parseXmlFields, type XmlFields } from './xml.js';

/**
 * WeCom (企业微信) callback crypto, as 加解密方案说明 defines it
 * (https://developer.work.weixin.qq.com/document/path/90968): URL verification, decryption of
 * the POSTed XML envelope, and encryption of passive replies. Pure: no routes, no database.
 */

export interface WeComCallbackSettings {
  /** 接收消息 → Token. */
  token: string;
  /** 接收消息 → EncodingAESKey (43 characters). */
  encodingAesKey: string;
  /** ReceiveId: the corpId for a self-built app (企业自建应用). */
  receiveId: string;
  /** Replay window either side of the server's clock, seconds; default 300. */
  maxAgeSeconds?: number;
}

/** The query WeCom adds to every callback URL (URL-decoded). */
export interface WeComCallbackQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** The POSTed envelope: `<xml><ToUserName/><Encrypt/><AgentID/></xml>`. */
export interface WeComEnvelope {
  toUserName?: string;
  agentId?: string;
  encrypt: string;
}

export interface WeComCallbackCrypto {
  /** GET with echostr: checks and decrypts it; the route answers the plaintext, as is. */
  verifyUrl(query: WeComCallbackQuery & { echostr: string }): string;
  /** POST: checks the signature and the timestamp, decrypts, returns the message XML and its fields. */
  decrypt(
    query: WeComCallbackQuery,
    body: string,
  ): { xml: string; fields: XmlFields; envelope: WeComEnvelope };
  /** A passive reply (被动回复), encrypted and signed with a fresh (or given) timestamp and nonce. */
  encryptReply(xml: string, at?: { timestamp?: string; nonce?: string }): string;
}

export const DEFAULT_MAX_AGE_SECONDS = 300;

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') {
    throw new CallbackError('WeCom', 'bad_request', `${name} is missing`);
  }
  return value;
}

export function parseWeComEnvelope(body: string): WeComEnvelope {
  const fields = parseXmlFields(body);
  if (!fields) throw new CallbackError('WeCom', 'bad_envelope', 'the body is not a WeCom <xml> envelope');
  const encrypt = fields.get('Encrypt');
  if (!encrypt) throw new CallbackError('WeCom', 'bad_envelope', 'the envelope has no <Encrypt>');
  return {
    encrypt,
    toUserName: fields.get('ToUserName') ?? undefined,
    agentId: fields.get('AgentID') ?? undefined,
  };
}

export function createWeComCallbackCrypto(
  settings: WeComCallbackSettings,
  clock: Clock = systemClock,
): WeComCallbackCrypto {
  const key = decodeAesKey('WeCom', settings.encodingAesKey);
  if (!settings.token) throw new CallbackError('WeCom', 'bad_key', 'the callback Token is empty');
  if (!settings.receiveId) throw new CallbackError('WeCom', 'bad_key', 'the ReceiveId (corpId) is empty');
  const maxAgeMs = (settings.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;

  const open = (query: WeComCallbackQuery, encrypted: string): string => {
    const signature = required(query.msgSignature, 'msg_signature');
    const timestamp = required(query.timestamp, 'timestamp');
    const nonce = required(query.nonce, 'nonce');
    checkSignature('WeCom', signature, settings.token, timestamp, nonce, encrypted);
    checkFreshness('WeCom', timestamp, 'seconds', clock.now(), maxAgeMs);
    return decryptMessage('WeCom', key, encrypted, settings.receiveId);
  };

  return {
    verifyUrl(query) {
      // A query parser that reads an unescaped "+" as a space (form decoding) would break the
      // base64; base64 has no spaces, so turning them back is always safe.
      return open(query, required(query.echostr, 'echostr').replaceAll(' ', '+'));
    },
    decrypt(query, body) {
      const envelope = parseWeComEnvelope(body);
      const xml = open(query, envelope.encrypt);
      const fields = parseXmlFields(xml);
      if (!fields) throw new CallbackError('WeCom', 'bad_payload', 'the decrypted message is not flat <xml>');
      return { xml, fields, envelope };
    },
    encryptReply(xml, at = {}) {
      const timestamp = at.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
      const nonce = at.nonce ?? randomNonce();
      const encrypt = encryptMessage(key, xml, settings.receiveId);
      const signature = messageSignature(settings.token, timestamp, nonce, encrypt);
      return `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
    },
  };
}

/** The button keys of Shopfloor's approval card (button_interaction): 批准 / 驳回 / 查看. */
export const WECOM_APPROVAL_KEYS = ['approve', 'reject', 'view'] as const;
export type WeComApprovalAction = (typeof WECOM_APPROVAL_KEYS)[number];

/** 模板卡片事件推送 (template_card_event, https://developer.work.weixin.qq.com/document/path/90240). */
export interface WeComTemplateCardEvent {
  /** ToUserName: the corpId. */
  corpId: string;
  /** FromUserName: the WeCom userid of the member who pressed the button. */
  userId: string;
  /** CreateTime, seconds since the epoch. */
  createTime: number;
  agentId?: string;
  /** The button's key as sent in the card. */
  eventKey: string;
  /** The card's task_id as sent (unique per app): which request the card is about. */
  taskId: string;
  /** text_notice, news_notice, button_interaction, vote_interaction, multiple_interaction. */
  cardType: string;
  /** One use, 72 h: lets update_template_card change this card for everyone. */
  responseCode?: string;
  /** eventKey when it is one of Shopfloor's approval keys, else undefined. */
  action?: WeComApprovalAction;
}

/**
 * The typed click on a template card, from the decrypted message's fields; undefined when the
 * message is anything else (a text message, another event). A template_card_event without a
 * FromUserName, EventKey or TaskId is refused: acting on it would mean guessing.
 */
export function parseTemplateCardEvent(fields: XmlFields): WeComTemplateCardEvent | undefined {
  if (fields.get('MsgType') !== 'event' || fields.get('Event') !== 'template_card_event') return undefined;
  const text = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined || value === null || value === '') {
      throw new CallbackError('WeCom', 'bad_payload', `the template_card_event has no ${name}`);
    }
    return value;
  };
  const createTime = Number(fields.get('CreateTime') ?? Number.NaN);
  if (!Number.isSafeInteger(createTime) || createTime < 0) {
    throw new CallbackError('WeCom', 'bad_payload', 'the template_card_event has no valid CreateTime');
  }
  const eventKey = text('EventKey');
  const optional = (name: string) => fields.get(name) || undefined;
  return {
    corpId: text('ToUserName'),
    userId: text('FromUserName'),
    createTime,
    agentId: optional('AgentID'),
    eventKey,
    taskId: text('TaskId'),
    cardType: text('CardType'),
    responseCode: optional('ResponseCode'),
    action: (WECOM_APPROVAL_KEYS as readonly string[]).includes(eventKey)
      ? (eventKey as WeComApprovalAction)
      : undefined,
  };
}
