import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { AppDeps } from '../../../../deps.js';
import { backoffDelay } from '../../backoff.js';
import type { ConnectorConfig } from '../../connector-config.js';
import { type Connector, errorText } from '../../connectors/types.js';
import { updateFailureAlert } from '../../worker.js';
import { applyInboundBatch, type InboundEnvelope } from '../apply.js';
import type { RecordKind } from '../records.js';
import { asText, envelopesOfMessage, MAX_RECORDS, UnreadableInput } from './envelope.js';

type Config = ConnectorConfig<'rabbitmq-inbound'>;

/** Test hooks: called after a batch committed, before its messages are acknowledged. */
export interface ConsumerHooks {
  afterApply?: (batch: { messages: number; connection: ChannelModel }) => Promise<void> | void;
}

export interface Consumer {
  /** Messages acknowledged and dead-lettered so far. */
  readonly acked: number;
  readonly deadLettered: number;
  stop(): Promise<void>;
}

interface Pending {
  msg: ConsumeMessage;
  channel: ConfirmChannel;
  envelopes: InboundEnvelope[];
}

/** Waits this long for more messages before applying a batch smaller than the prefetch. */
const BATCH_WAIT_MS = 50;
const hidePassword = (text: string) => text.replace(/amqps?:\/\/[^@\s]*@/g, 'amqp://***@');

/**
 * Consumes the connector's queue: each message's envelopes are applied through the inbound applier
 * (batched up to the prefetch) and the message is acknowledged only after the applier committed. A
 * message that cannot be read is dead-lettered to `<queue>.dead`. A lost broker is reconnected with
 * the delivery back-off; unacknowledged messages come again and the applier's idempotency keeps
 * each record once.
 */
export function startConsumer(deps: AppDeps, connector: Connector, hooks: ConsumerHooks = {}): Consumer {
  const config = connector.config as Config;
  const dead = `${config.queue}.dead`;
  const log = deps.logger.child({ connector: connector.id, queue: config.queue });
  let stopped = false;
  let attempt = 0;
  let connection: ChannelModel | null = null;
  let channel: ConfirmChannel | null = null;
  /** Queue declared by someone else with other arguments: dead letters are published, not nacked. */
  let publishDead = false;
  let retry: NodeJS.Timeout | undefined;
  let wait: NodeJS.Timeout | undefined;
  let pending: Pending[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const counts = { acked: 0, deadLettered: 0 };

  const failure = async (error: string) => {
    log.warn({ err: error }, 'inbound queue consumer failed');
    await deps.db
      .updateTable('sync_connectors')
      .set({ last_error: error })
      .where('id', '=', connector.id)
      .execute()
      .catch(() => undefined);
    await updateFailureAlert(deps, connector, { delivered: 0, failed: 1 }, error, deps.clock.now()).catch(
      (err) => log.error({ err }, 'could not count the failure'),
    );
  };
  const success = async () => {
    const at = deps.clock.now();
    await deps.db
      .updateTable('sync_connectors')
      .set({ last_success_at: at, last_error: null })
      .where('id', '=', connector.id)
      .execute();
    await updateFailureAlert(deps, connector, { delivered: 1, failed: 0 }, '', at);
  };

  const reconnectLater = () => {
    if (stopped || retry) return;
    attempt++;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, backoffDelay(attempt));
  };

  const drop = async () => {
    const c = connection;
    connection = null;
    channel = null;
    pending = [];
    // A connection whose socket hangs never answers close: give up waiting after a while.
    await Promise.race([c?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
  };

  async function declare(conn: ChannelModel): Promise<ConfirmChannel> {
    let ch = await conn.createConfirmChannel();
    ch.on('error', () => undefined);
    await ch.assertExchange(dead, 'fanout', { durable: true });
    await ch.assertQueue(dead, { durable: true });
    await ch.bindQueue(dead, dead, '');
    try {
      await ch.assertQueue(config.queue, { durable: true, deadLetterExchange: dead });
      publishDead = false;
    } catch (err) {
      // 406 PRECONDITION_FAILED: the queue exists with other arguments; it closed the channel.
      if ((err as { code?: number }).code !== 406) throw err;
      ch = await conn.createConfirmChannel();
      ch.on('error', () => undefined);
      await ch.checkQueue(config.queue);
      publishDead = true;
    }
    return ch;
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    let conn: ChannelModel | null = null;
    try {
      conn = await amqp.connect(config.url, { timeout: 5_000 });
      const mine = conn;
      conn.on('error', () => undefined);
      conn.on('close', () => {
        if (connection !== mine) return;
        connection = null;
        channel = null;
        pending = [];
        if (!stopped) {
          void failure('rabbitmq: the connection to the broker closed');
          reconnectLater();
        }
      });
      const ch = await declare(conn);
      await ch.prefetch(config.prefetch);
      if (stopped) {
        await conn.close().catch(() => undefined);
        return;
      }
      connection = conn;
      channel = ch;
      await ch.consume(config.queue, (msg) => onMessage(ch, msg), { noAck: false });
      attempt = 0;
      log.info('inbound queue consumer started');
      await success();
    } catch (err) {
      if (connection === conn) await drop();
      else await conn?.close().catch(() => undefined);
      if (stopped) return;
      await failure(`rabbitmq: ${hidePassword(errorText(err))}`);
      reconnectLater();
    }
  }

  function onMessage(ch: ConfirmChannel, msg: ConsumeMessage | null): void {
    // Stopping: what comes now stays unacknowledged and goes back to the queue at close.
    if (stopped) return;
    if (msg === null) {
      // The broker cancelled the consumer (queue deleted): start over.
      void drop().then(() => {
        void failure(`rabbitmq: queue '${config.queue}' went away`);
        reconnectLater();
      });
      return;
    }
    try {
      const headers = msg.properties.headers ?? {};
      const kind = (asText(headers['x-record-kind']) as RecordKind | undefined) ?? config.kind;
      const envelopes = envelopesOfMessage(msg.content, {
        kind,
        idField: config.idField,
        versionField: config.versionField,
        fallbackId: asText(headers['x-source-id']) ?? asText(msg.properties.messageId),
        fallbackVersion: asText(headers['x-source-version']) ?? asText(msg.properties.timestamp),
      });
      pending.push({ msg, channel: ch, envelopes });
    } catch (err) {
      if (!(err instanceof UnreadableInput)) throw err;
      void deadLetter(ch, msg, err.message);
      return;
    }
    if (pending.length >= config.prefetch) flushSoon(0);
    else flushSoon(BATCH_WAIT_MS);
  }

  async function deadLetter(ch: ConfirmChannel, msg: ConsumeMessage, reason: string): Promise<void> {
    log.warn({ reason, deliveryTag: msg.fields.deliveryTag }, 'inbound message dead-lettered');
    try {
      if (publishDead) {
        await new Promise<void>((resolve, reject) =>
          ch.sendToQueue(
            dead,
            msg.content,
            {
              ...msg.properties,
              headers: { ...msg.properties.headers, 'x-shopfloor-reason': reason },
              persistent: true,
            },
            (err) => (err ? reject(err) : resolve()),
          ),
        );
        ch.ack(msg);
      } else {
        ch.nack(msg, false, false);
      }
      counts.deadLettered++;
    } catch {
      // The channel went away: the message comes again and is dead-lettered then.
    }
  }

  function flushSoon(ms: number): void {
    if (wait && ms > 0) return;
    clearTimeout(wait);
    wait = setTimeout(() => {
      wait = undefined;
      flushing = flushing.then(flush).catch((err) => log.error({ err }, 'inbound batch failed'));
    }, ms);
  }

  async function flush(): Promise<void> {
    // Messages of a channel that closed are redelivered on the next one: not applied from the old.
    const batch = pending.filter((p) => p.channel === channel);
    pending = [];
    if (batch.length === 0) return;
    const conn = connection!;
    const envelopes = batch.flatMap((p) => p.envelopes);
    try {
      for (let i = 0; i < envelopes.length; i += MAX_RECORDS) {
        await applyInboundBatch(deps, connector, envelopes.slice(i, i + MAX_RECORDS), null);
      }
    } catch (err) {
      // The applier could not commit (database down): the messages go back to the queue.
      await drop();
      await failure(`inbound apply: ${errorText(err)}`);
      reconnectLater();
      return;
    }
    await hooks.afterApply?.({ messages: batch.length, connection: conn });
    let acked = 0;
    for (const p of batch) {
      try {
        p.channel.ack(p.msg);
        acked++;
      } catch {
        // The channel closed after the commit: the message comes again, a duplicate the applier skips.
      }
    }
    counts.acked += acked;
    if (acked > 0) await success().catch((err) => log.error({ err }, 'could not note the success'));
    if (pending.length > 0) flushSoon(0);
  }

  void connect();
  return {
    get acked() {
      return counts.acked;
    },
    get deadLettered() {
      return counts.deadLettered;
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(wait);
      // What was received is applied and acknowledged before the connection closes.
      flushing = flushing.then(flush).catch((err) => log.error({ err }, 'inbound batch failed'));
      await flushing;
      await drop();
    },
  };
}
