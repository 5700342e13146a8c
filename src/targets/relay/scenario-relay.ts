/**
 * A scenario with its own round trip (ScenarioInfo.rttMs, e.g. `seed-rtt20`) runs through
 * a relay in front of the run's target, while the other scenarios of the same run stay on
 * plain loopback: so one default run shows both. One relay per round trip, started when
 * the first such case needs it and stopped with the run; the target itself is not closed
 * by it. Counts stay exact as with --rtt: the relay is 1:1 and keeps its own count.
 */
import type { ScenarioInfo } from '../../results.js';
import type { Target } from '../types.js';
import { withRelay } from './relay-target.js';

export type ScenarioTarget = { kind: 'target'; target: Target } | { kind: 'skip'; reason: string };

export interface ScenarioRelays {
  /** The target a case of this scenario runs against, or why it cannot run. */
  targetFor(scenario: ScenarioInfo): Promise<ScenarioTarget>;
  /** Stops every relay started; the target stays up. */
  close(): Promise<void>;
}

export function scenarioRelays(target: Target): ScenarioRelays {
  const relays = new Map<number, Promise<Target>>();
  return {
    async targetFor(scenario) {
      const rttMs = scenario.rttMs;
      if (rttMs === undefined) return { kind: 'target', target };
      if (target.network) {
        if (target.network.rttMs === rttMs && target.network.jitterMs === 0 && target.network.bandwidthMbps === undefined) return { kind: 'target', target };
        return {
          kind: 'skip',
          reason: `${scenario.id} runs at its own RTT ${rttMs} ms, and this run has a relay (--rtt ${target.network.rttMs}${target.network.bandwidthMbps !== undefined ? ` --bandwidth ${target.network.bandwidthMbps}` : ''}) for every scenario: drop --rtt/--bandwidth (${scenario.id} brings its own relay), or use --rtt ${rttMs} alone`,
        };
      }
      if (target.kind === 'url') {
        return { kind: 'skip', reason: `${scenario.id} puts a relay in front of a server muxbench starts; it does not run against --url` };
      }
      let relayed = relays.get(rttMs);
      if (relayed === undefined) {
        // The view's close stops only its relay: the run closes the target itself.
        relayed = withRelay({ ...target, close: async () => {} }, { rttMs, jitterMs: 0 });
        relays.set(rttMs, relayed);
      }
      return { kind: 'target', target: await relayed };
    },
    async close() {
      const started = [...relays.values()];
      relays.clear();
      await Promise.allSettled(started.map(async (r) => (await r).close()));
    },
  };
}
