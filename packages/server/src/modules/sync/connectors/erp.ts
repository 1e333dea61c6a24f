import type { z } from 'zod';
import type { ConnectorConfig } from '../connector-config.js';
import { genericJsonAdapter } from './erp-generic-json.js';
import { kingdeeAdapter } from './erp-kingdee.js';
import { u8Adapter } from './erp-yonyou-u8.js';
import type { OutboxEvent } from './types.js';
import { type ConnectorDriver, errorText } from './types.js';

/**
 * An ERP adapter sends one event to the other system. Three ship with the server (`generic-json`,
 * `kingdee-k3cloud`, `yonyou-u8`); an integrator may register more under other names. The event's
 * payload has been through the connector's field mapping (mapping/outbound.ts) when it has a rule
 * for the topic, and then `(event as MappedEvent).mapped.target` names their entity (a Kingdee form
 * id, a U8 entity). `deliver` throws to fail, with words the delivery keeps as its last error; a
 * redelivery after a crash repeats the same event id.
 */
export interface ErpAdapter {
  /** Checks `config.options` when a connector is created or changed (400 with the path otherwise). */
  options?: z.ZodType;
  deliver(event: OutboxEvent, options: Record<string, unknown>): Promise<void>;
}

/** Adapters by name. Creating a connector for a name that is not registered is refused. */
export const erpAdapters = new Map<string, ErpAdapter>([
  ['generic-json', genericJsonAdapter()],
  ['kingdee-k3cloud', kingdeeAdapter()],
  ['yonyou-u8', u8Adapter()],
]);

export function erpDriver(adapters: ReadonlyMap<string, ErpAdapter> = erpAdapters): ConnectorDriver {
  return {
    async deliver(connector, events) {
      const config = connector.config as ConnectorConfig<'erp'>;
      const adapter = adapters.get(config.adapter);
      if (!adapter) {
        const error = `no ERP adapter '${config.adapter}' is registered in this server`;
        return events.map(() => ({ ok: false as const, error, attempted: true }));
      }
      const outcomes = [];
      for (const event of events) {
        try {
          await adapter.deliver(event, config.options ?? {});
          outcomes.push({ ok: true as const });
        } catch (err) {
          outcomes.push({ ok: false as const, error: `erp: ${errorText(err)}`, attempted: true });
        }
      }
      return outcomes;
    },
  };
}
