import type { ConnectorConfig } from '../connector-config.js';
import type { OutboxEvent } from './types.js';
import { type ConnectorDriver, errorText } from './types.js';

/**
 * The ERP connector is a stub interface: Shopfloor ships no ERP adapter. An integrator registers one
 * (Kingdee, Yonyou, SAP…) under a name, and an `erp` connector names it in `config.adapter`.
 * `deliver` must be idempotent per event id: a redelivery after a crash repeats the same id.
 */
export interface ErpAdapter {
  deliver(event: OutboxEvent, options: Record<string, unknown>): Promise<void>;
}

/** Adapters by name; register before the server starts. Creating a connector for an unknown one is refused. */
export const erpAdapters = new Map<string, ErpAdapter>();

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
