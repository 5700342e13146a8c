/**
 * What the extra connections a rule found cost, in the verdict's words: the handshake
 * round trips at the run's --rtt and the server CPU of their handshakes from the run's
 * calibration (docs/costs.md). Empty when neither is known, so a loopback run against a
 * server muxbench did not start reads as before.
 */
import { HANDSHAKE_ROUND_TRIPS } from '../costs/summary.js';
import type { TargetFacts } from './types.js';

function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/**
 * e.g. " (cost: 4 handshake round trips, 80 ms at RTT 20 ms; 7.4 ms of server CPU)" for `full` full and `resumed` resumed
 * handshakes; a loopback case of a run with an RTT scenario says "80.0 ms at seed-rtt20's RTT of 20 ms".
 */
export function costClause(target: TargetFacts, full: number, resumed: number): string {
  const costs = target.costs;
  if (!costs || full + resumed <= 0) return '';
  const trips = (full + resumed) * HANDSHAKE_ROUND_TRIPS;
  const parts: string[] = [];
  // A relay with a bandwidth cap alone adds no round trip (rttMs 0): nothing to cost in time.
  if (costs.rttMs !== undefined && costs.rttMs > 0) {
    const at = costs.rttScenario !== undefined ? `at ${costs.rttScenario}'s RTT of ${costs.rttMs} ms` : `at RTT ${costs.rttMs} ms`;
    parts.push(`${trips} handshake round trips, ${fmtMs(trips * costs.rttMs)} ${at}`);
  }
  if (costs.fullHandshakeCpuNs !== null && costs.fullHandshakeCpuNs !== undefined) {
    const cpuNs = full * costs.fullHandshakeCpuNs + resumed * (costs.resumedHandshakeCpuNs ?? costs.fullHandshakeCpuNs);
    parts.push(`${fmtMs(cpuNs / 1e6)} of server CPU`);
  }
  return parts.length > 0 ? ` (cost: ${parts.join('; ')})` : '';
}
