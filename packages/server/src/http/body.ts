import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HttpProblem } from './problem.js';

/** The largest request body the API reads. */
export const MAX_BODY_BYTES = 1_000_000;

export const bodyTooLarge = () =>
  new HttpProblem(413, 'too-large', 'Body too large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);

/**
 * The request body, counted while it is read: past `limit` bytes reading stops and a 413 is
 * thrown, whether the client declared a Content-Length or sent the body in chunks (the app
 * refuses a declared length beyond the limit before any handler runs). Every handler reads its
 * body through here, never through `c.req.text()` and friends, which buffer whatever comes.
 *
 * Under @hono/node-server it is read straight from the Node request: going through the web
 * Request builds a web stream over it, which costs more than the rest of the parsing. What the
 * client still sends after a refusal is drained and dropped by @hono/node-server once the answer
 * is out (bounded in time and bytes), so the client hears the 413.
 */
export async function readBody(c: Context, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableDidRead || incoming.readableEnded || typeof incoming.on !== 'function') {
    return readWebBody(c.req.raw, limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Usually the whole body came in with the headers and waits in the stream's buffer.
  const buffered = incoming.complete ? (incoming.read() as Buffer | null) : null;
  if (buffered !== null) {
    size = buffered.length;
    if (size > limit) throw bodyTooLarge();
    chunks.push(buffered);
  }
  if (!incoming.complete || incoming.readableLength > 0) {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          // Stop keeping what comes; the stream flows on into nothing until @hono/node-server drains it.
          stop();
          chunks.length = 0;
          reject(bodyTooLarge());
        } else chunks.push(chunk);
      };
      const onEnd = () => {
        stop();
        resolve();
      };
      const onError = (err: Error) => {
        stop();
        reject(err);
      };
      const onClose = () => {
        stop();
        reject(new Error('the request closed before its body ended'));
      };
      const stop = () => {
        incoming.off('data', onData);
        incoming.off('end', onEnd);
        incoming.off('error', onError);
        incoming.off('close', onClose);
      };
      incoming.on('data', onData);
      incoming.once('end', onEnd);
      incoming.once('error', onError);
      incoming.once('close', onClose);
    });
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

async function readWebBody(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text, decoded as Request.text() decodes it (UTF-8, a leading byte order mark dropped). */
export async function readBodyText(c: Context, limit = MAX_BODY_BYTES): Promise<string> {
  const text = (await readBody(c, limit)).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
