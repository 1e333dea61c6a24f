import type { Health, HealthStatus } from '@shopfloor/sdk';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/deps.js';
import { createHealthMonitor } from '../src/modules/checkup/health-monitor.js';
import type { HealthNotifier, IncidentChange } from '../src/modules/checkup/health-notifier.js';

/**
 * The monitor's promise, for any sequence of what /health says: one alert when ok turns into
 * degraded or down (a change between those two is the same incident, as is a failed evaluation),
 * one all-clear when it is ok again — so alerts alternate opened, resolved, opened… and their
 * number is the number of incidents.
 */
const status = fc.constantFrom<HealthStatus | 'throws'>('ok', 'degraded', 'down', 'throws');

function scripted(statuses: (HealthStatus | 'throws')[]) {
  const sent: IncidentChange[] = [];
  let refreshes = 0;
  const notifier: HealthNotifier = {
    refresh: async () => {
      refreshes++;
    },
    notify: async (change) => {
      sent.push(change);
      return [];
    },
    connectors: () => [],
  };
  let i = 0;
  const monitor = createHealthMonitor({ logger: pino({ level: 'silent' }) } as unknown as AppDeps, {
    notifier,
    refreshEveryMs: 0,
    evaluate: async (): Promise<Health> => {
      const s = statuses[i++]!;
      if (s === 'throws') throw new Error('connection terminated');
      return { status: s, checks: { db: { status: s } } };
    },
  });
  return { monitor, sent, refreshes: () => refreshes };
}

describe('the health monitor, for any sequence of health', () => {
  it('alerts once per incident and once when it clears', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(status, { maxLength: 40 }), async (statuses) => {
        const { monitor, sent, refreshes } = scripted(statuses);
        for (const _ of statuses) await monitor.tick();
        const seen = statuses.map((s) => (s === 'throws' ? 'down' : s));
        let incidents = 0;
        let clears = 0;
        let previous: HealthStatus = 'ok';
        for (const s of seen) {
          if (previous === 'ok' && s !== 'ok') incidents++;
          if (previous !== 'ok' && s === 'ok') clears++;
          previous = s;
        }
        expect(sent.filter((c) => c === 'opened')).toHaveLength(incidents);
        expect(sent.filter((c) => c === 'resolved')).toHaveLength(clears);
        sent.forEach((change, n) => {
          expect(change).toBe(n % 2 === 0 ? 'opened' : 'resolved');
        });
        expect(monitor.status()).toBe(seen.at(-1) ?? 'ok');
        // The connector list is reloaded only while the database answers.
        expect(refreshes()).toBe(seen.filter((s) => s !== 'down').length);
      }),
      { numRuns: 300 },
    );
  });
});
