import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { ConnectorConfig } from '../connector-config.js';
import { type ConnectorDriver, errorText, failAll } from './types.js';

interface Link {
  url: string;
  connection: ChannelModel;
  channel: ConfirmChannel;
}

/**
 * Publishes to an exchange (routing key = topic), persistent, with publisher confirms: a batch counts
 * as delivered only when the broker confirmed every message. One connection per connector, reopened
 * after any failure.
 */
export function rabbitmqDriver(): ConnectorDriver {
  const links = new Map<string, Link>();

  const drop = async (id: string) => {
    const link = links.get(id);
    links.delete(id);
    await link?.connection.close().catch(() => undefined);
  };

  const open = async (id: string, config: ConnectorConfig<'rabbitmq'>): Promise<ConfirmChannel> => {
    const known = links.get(id);
    if (known && known.url === config.url) return known.channel;
    await drop(id);
    const connection = await amqp.connect(config.url, { timeout: 5_000 });
    // An 'error' without a listener would crash the process; the next publish reopens instead.
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (links.get(id)?.connection === connection) links.delete(id);
    });
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertExchange(config.exchange, config.exchangeType ?? 'topic', { durable: true });
    links.set(id, { url: config.url, connection, channel });
    return channel;
  };

  return {
    async deliver(connector, events) {
      const config = connector.config as ConnectorConfig<'rabbitmq'>;
      try {
        const channel = await open(connector.id, config);
        for (const event of events) {
          channel.publish(
            config.exchange,
            event.topic,
            Buffer.from(
              JSON.stringify({
                id: String(event.id),
                topic: event.topic,
                orgId: event.orgId,
                aggregate: { type: event.aggregateType, id: event.aggregateId },
                createdAt: event.createdAt.toISOString(),
                payload: event.payload,
              }),
            ),
            {
              persistent: true,
              contentType: 'application/json',
              messageId: String(event.id),
              type: event.topic,
              timestamp: Math.floor(event.createdAt.getTime() / 1000),
            },
          );
        }
        await channel.waitForConfirms();
        return events.map(() => ({ ok: true as const }));
      } catch (err) {
        await drop(connector.id);
        return failAll(events, `rabbitmq: ${errorText(err).replace(/amqps?:\/\/[^@\s]*@/g, 'amqp://***@')}`);
      }
    },
    async close() {
      await Promise.all([...links.keys()].map(drop));
    },
  };
}
