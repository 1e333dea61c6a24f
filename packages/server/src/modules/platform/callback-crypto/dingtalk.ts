import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Clock, systemClock } from '../../../deps.js';
import { CallbackError } from './errors.js';
import {
  checkFreshness,
  checkSignature,
  decodeAesKey,
  decryptMessage,
  encryptMessage,
  messageSignature,
} from './message-crypto.js';

/**
 * DingTalk (钉钉) HTTP callback crypto for 事件订阅 / 回调: the same scheme as WeCom's (see
 * message-crypto.ts) with a JSON envelope `{"encrypt": "…"}`, a millisecond `timestamp`, and an
 * encrypted, signed "success" as the answer. The official libraries are
 * https://github.com/open-dingtalk/DingTalk-Callback-Crypto (DingCallbackCrypto). Pure.
 */

export interface DingTalkCallbackSettings {
  /** 事件订阅 → 签名 Token. */
  token: string;
  /** 事件订阅 → 加密 aes_key (43 characters). */
  aesKey: string;
  /** The ReceiveId: the app's AppKey for 事件订阅 of a self-built app; the corpId for the older
   * registered callbacks (register_call_back); the suiteKey for a third-party app. */
  ownerKey: string;
  /** Replay window either side of the server's clock, seconds; default 300. */
  maxAgeSeconds?: number;
}

/** The query DingTalk adds to the callback URL. Older callbacks spell them signature / timeStamp. */
export interface DingTalkCallbackQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** What the route answers with, as JSON. */
export interface DingTalkEncryptedReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

/** A decrypted event: EventType (e.g. check_url, user_add_org) and the whole object. */
export interface DingTalkEvent {
  eventType: string;
  data: Record<string, unknown>;
}

export interface DingTalkCallbackCrypto {
  /** Checks signature and timestamp, decrypts `body.encrypt`, returns the plaintext (JSON text). */
  decrypt(query: DingTalkCallbackQuery, body: unknown): string;
  /** decrypt, then parsed as the event object DingTalk sends. */
  decryptEvent(query: DingTalkCallbackQuery, body: unknown): DingTalkEvent;
  /** The encrypted, signed reply; DingTalk expects the plaintext "success". */
  encryptReply(plaintext?: string, at?: { timestamp?: string; nonce?: string }): DingTalkEncryptedReply;
}

export const DEFAULT_MAX_AGE_SECONDS = 300;

/** Reads the query under either of the names DingTalk has used. */
export function dingTalkQuery(get: (name: string) => string | undefined): DingTalkCallbackQuery {
  return {
    msgSignature: get('msg_signature') ?? get('signature') ?? '',
    timestamp: get('timestamp') ?? get('timeStamp') ?? '',
    nonce: get('nonce') ?? '',
  };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') {
    throw new CallbackError('DingTalk', 'bad_request', `${name} is missing`);
  }
  return value;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 16 letters and digits: DingTalk's own libraries refuse any other nonce length. */
function dingTalkNonce(): string {
  return Array.from(randomBytes(16), (b) => NONCE_ALPHABET[b % NONCE_ALPHABET.length]).join('');
}

export function createDingTalkCallbackCrypto(
  settings: DingTalkCallbackSettings,
  clock: Clock = systemClock,
): DingTalkCallbackCrypto {
  const key = decodeAesKey('DingTalk', settings.aesKey);
  if (!settings.token) throw new CallbackError('DingTalk', 'bad_key', 'the callback token is empty');
  if (!settings.ownerKey) throw new CallbackError('DingTalk', 'bad_key', 'the app key (ReceiveId) is empty');
  const maxAgeMs = (settings.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;

  const decrypt = (query: DingTalkCallbackQuery, body: unknown): string => {
    const encrypted =
      body !== null && typeof body === 'object' && typeof (body as { encrypt?: unknown }).encrypt === 'string'
        ? (body as { encrypt: string }).encrypt
        : undefined;
    if (!encrypted) {
      throw new CallbackError('DingTalk', 'bad_envelope', 'the body is not {"encrypt": "…"}');
    }
    const signature = required(query.msgSignature, 'msg_signature');
    const timestamp = required(query.timestamp, 'timestamp');
    const nonce = required(query.nonce, 'nonce');
    checkSignature('DingTalk', signature, settings.token, timestamp, nonce, encrypted);
    checkFreshness('DingTalk', timestamp, 'seconds-or-milliseconds', clock.now(), maxAgeMs);
    return decryptMessage('DingTalk', key, encrypted, settings.ownerKey);
  };

  return {
    decrypt,
    decryptEvent(query, body) {
      const text = decrypt(query, body);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw new CallbackError('DingTalk', 'bad_payload', 'the decrypted event is not JSON');
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new CallbackError('DingTalk', 'bad_payload', 'the decrypted event is not a JSON object');
      }
      const eventType = (data as { EventType?: unknown }).EventType;
      if (typeof eventType !== 'string' || eventType === '') {
        throw new CallbackError('DingTalk', 'bad_payload', 'the decrypted event has no EventType');
      }
      return { eventType, data: data as Record<string, unknown> };
    },
    encryptReply(plaintext = 'success', at = {}) {
      const timeStamp = at.timestamp ?? String(clock.now().getTime());
      const nonce = at.nonce ?? dingTalkNonce();
      const encrypt = encryptMessage(key, plaintext, settings.ownerKey);
      return {
        msg_signature: messageSignature(settings.token, timeStamp, nonce, encrypt),
        timeStamp,
        nonce,
        encrypt,
      };
    },
  };
}

/** The approval card's actions, carried as the button's 回传参数 `{"action": "approve"}`. */
export const DINGTALK_APPROVAL_ACTIONS = ['approve', 'reject', 'view'] as const;
export type DingTalkApprovalAction = (typeof DINGTALK_APPROVAL_ACTIONS)[number];

/** The JSON-in-a-string DingTalk puts in `value` / `content`. */
const cardPrivateData = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string()).default([]),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
});

const cardCallbackBody = z.object({
  type: z.string(),
  outTrackId: z.string().min(1),
  corpId: z.string().min(1),
  userId: z.string().min(1),
  userIdType: z.number().optional(),
  spaceType: z.string().optional(),
  spaceId: z.string().optional(),
  extension: z.string().optional(),
  value: z.string().optional(),
  content: z.string().optional(),
});

/** 互动卡片 回传请求: a press on a card button (Stream topic /v1.0/card/instances/callback or HTTP). */
export interface DingTalkCardCallback {
  /** Always "actionCallback" for a button press. */
  type: string;
  /** The card instance's outTrackId, as Shopfloor set it when creating the card. */
  outTrackId: string;
  corpId: string;
  /** The DingTalk userId of the member who pressed. */
  userId: string;
  /** 1: userId is the member's userid (企业内); 2: unionId. */
  userIdType?: number;
  spaceType?: string;
  spaceId?: string;
  /** The component ids pressed (button_node_…, or the ids the template gave). */
  actionIds: string[];
  /** The button's 回传参数 and the card's input values. */
  params: Record<string, unknown>;
  /** params.action when it is one of the approval actions, else undefined. */
  action?: DingTalkApprovalAction;
}

/**
 * Parses a card callback body, e.g.
 * `{"type":"actionCallback","outTrackId":"…","corpId":"ding…","userId":"…","userIdType":1,
 *   "value":"{\"cardPrivateData\":{\"actionIds\":[\"approve\"],\"params\":{\"action\":\"approve\"}}}"}`.
 * `value` and `content` carry the same JSON; `value` wins when both are present.
 */
export function parseDingTalkCardCallback(body: unknown): DingTalkCardCallback {
  const outer = cardCallbackBody.safeParse(body);
  if (!outer.success) {
    const path = outer.error.issues[0]?.path.join('.') || '(body)';
    throw new CallbackError('DingTalk', 'bad_payload', `the card callback's ${path} is missing or not valid`);
  }
  const raw = outer.data.value ?? outer.data.content;
  if (raw === undefined) {
    throw new CallbackError('DingTalk', 'bad_payload', 'the card callback has neither value nor content');
  }
  let inner: z.infer<typeof cardPrivateData>;
  try {
    inner = cardPrivateData.parse(JSON.parse(raw));
  } catch {
    throw new CallbackError(
      'DingTalk',
      'bad_payload',
      'the card callback value is not {"cardPrivateData": …}',
    );
  }
  const { actionIds, params } = inner.cardPrivateData;
  const action = typeof params.action === 'string' ? params.action : actionIds[0];
  const { value: _value, content: _content, extension: _extension, ...rest } = outer.data;
  return {
    ...rest,
    actionIds,
    params,
    action: (DINGTALK_APPROVAL_ACTIONS as readonly string[]).includes(action ?? '')
      ? (action as DingTalkApprovalAction)
      : undefined,
  };
}
