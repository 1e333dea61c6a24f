import type { Db } from '../../../http/route.js';
import type { ConnectorDriver, DeliveryOutcome, OutboxEvent } from '../connectors/types.js';
import { type MappedOutbound, MappingError, mapOutboundEvent } from './engine.js';
import { loadMapping } from './store.js';

/** An event whose payload went through the connector's mapping: adapters read `mapped.target` (a Kingdee form id). */
export interface MappedEvent extends OutboxEvent {
  mapped?: Omit<MappedOutbound, 'payload'>;
}

/**
 * Puts a connector's outbound events through its mapping before the driver sends them: the
 * payload becomes what the mapping's rule for the topic makes of it (a topic without a rule, or a
 * connector without a mapping, goes as it is). An event the mapping cannot map fails with the
 * problem as its error (the rest of the batch waits behind it, as after a failed send).
 */
export function withMapping(db: () => Db, driver: ConnectorDriver): ConnectorDriver {
  return {
    async deliver(connector, events) {
      const mapping = await loadMapping(db(), connector.orgId, connector.id);
      if (!mapping) return driver.deliver(connector, events);
      const ready: MappedEvent[] = [];
      let failure: string | null = null;
      for (const event of events) {
        try {
          const mapped = mapOutboundEvent(mapping, event);
          if (!mapped) ready.push(event);
          else {
            const { payload, ...about } = mapped;
            ready.push({ ...event, payload, mapped: about });
          }
        } catch (err) {
          if (!(err instanceof MappingError)) throw err;
          failure = `mapping: ${err.message}`.slice(0, 500);
          break;
        }
      }
      const outcomes: DeliveryOutcome[] = ready.length ? await driver.deliver(connector, ready) : [];
      if (failure) {
        const sentAll = outcomes.every((o) => o.ok);
        outcomes.push(
          sentAll
            ? { ok: false, error: failure, attempted: true }
            : { ok: false, error: failure, attempted: false },
        );
        while (outcomes.length < events.length)
          outcomes.push({ ok: false, error: failure, attempted: false });
      }
      return outcomes;
    },
    ...(driver.close ? { close: () => driver.close!() } : {}),
  };
}
