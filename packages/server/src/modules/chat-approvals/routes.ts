import type { Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { readBody } from '../../http/body.js';
import { notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { CallbackError } from '../platform/callback-crypto/errors.js';
import {
  createWeComCallbackCrypto,
  parseTemplateCardEvent,
  type WeComCallbackCrypto,
} from '../platform/callback-crypto/wecom.js';
import { handleCardClick } from './decide.js';

/** Callback bodies are small XML envelopes; anything bigger is not WeCom's. */
const CALLBACK_BODY_LIMIT = 64 * 1024;

const CallbackQuery = z.object({
  msg_signature: z.string().max(128).optional(),
  timestamp: z.string().max(32).optional(),
  nonce: z.string().max(128).optional(),
  echostr: z.string().max(2048).optional(),
});
type CallbackQuery = z.infer<typeof CallbackQuery>;

const perApp = new WeakMap<AppDeps, WeComCallbackCrypto>();

function weComCrypto(deps: AppDeps): WeComCallbackCrypto {
  const settings = deps.config.chatApprovals.wecom;
  if (!settings || !deps.config.wecom) {
    throw notFound('WeCom callbacks are not configured on this server', 'chat-callback-not-configured');
  }
  let crypto = perApp.get(deps);
  if (!crypto) {
    crypto = createWeComCallbackCrypto(
      { token: settings.token, encodingAesKey: settings.aesKey, receiveId: deps.config.wecom.corpId },
      deps.clock,
    );
    perApp.set(deps, crypto);
  }
  return crypto;
}

const plain = (c: Context, text: string, status = 200) =>
  c.body(text, status as 200, { 'Content-Type': 'text/plain; charset=utf-8' });

/** A refusal: the status CallbackError names (401 forged or stale, 400 malformed, 503 settings), a short reason. */
function refused(c: Context, deps: AppDeps, err: unknown): Response {
  if (err instanceof CallbackError) {
    deps.logger.warn({ code: err.code, platform: err.platform }, 'chat callback refused');
    return plain(c, err.code, err.httpStatus);
  }
  throw err;
}

const query = (q: CallbackQuery) => ({
  msgSignature: q.msg_signature ?? '',
  timestamp: q.timestamp ?? '',
  nonce: q.nonce ?? '',
});

const tags = ['platform'];
const description =
  'Called by WeCom, not by users: authenticated by msg_signature (the 接收消息 Token) and the AES ' +
  'encryption (EncodingAESKey, WECOM_CORP_ID), not by a session. 401 forged or stale, 400 malformed, ' +
  '404 when SHOPFLOOR_WECOM_CALLBACK_TOKEN is not set. See docs/chat-callbacks.md.';

const verifyUrl = defineRoute({
  method: 'get',
  path: '/platform/wecom/callback',
  summary: 'WeCom callback URL verification: answers the decrypted echostr as text/plain',
  description,
  tags,
  auth: 'public',
  query: CallbackQuery,
  response: null,
  errors: [404],
  async handler({ deps, query: q, c }) {
    const crypto = weComCrypto(deps);
    try {
      return plain(c, crypto.verifyUrl({ ...query(q), echostr: q.echostr ?? '' }));
    } catch (err) {
      return refused(c, deps, err);
    }
  },
});

const receive = defineRoute({
  method: 'post',
  path: '/platform/wecom/callback',
  summary: 'WeCom callback: approval card button presses (template_card_event) decide issue requests',
  description:
    `${description} 批准 approves the full request and 驳回 rejects it as the Shopfloor user mapped to the ` +
    'WeCom user, under the app’s rules; the card is updated for everyone. Other messages and events are ' +
    'acknowledged and ignored. Answers an empty 200.',
  tags,
  auth: 'public',
  query: CallbackQuery,
  response: null,
  status: 200,
  // The decision runs in its own transaction; a replay is recognised by the press, not an Idempotency-Key.
  mutation: false,
  errors: [404],
  bodyLimit: CALLBACK_BODY_LIMIT,
  async handler({ deps, query: q, c }) {
    // Read (and bounded: 413) before anything else, configured or not.
    const body = (await readBody(c, CALLBACK_BODY_LIMIT)).toString('utf8');
    const crypto = weComCrypto(deps);
    let event: ReturnType<typeof parseTemplateCardEvent>;
    try {
      event = parseTemplateCardEvent(crypto.decrypt(query(q), body).fields);
    } catch (err) {
      return refused(c, deps, err);
    }
    if (event) {
      const outcome = await handleCardClick(deps, event);
      deps.logger.info({ task: event.taskId, outcome }, 'WeCom card press');
    }
    return plain(c, '');
  },
});

export const chatApprovalsRoutes: AnyRoute[] = [verifyUrl, receive];
