/**
 * The network each side was measured over: plain loopback, or a relay adding a round
 * trip (--rtt, --rtt-jitter) and perhaps a bandwidth cap (--bandwidth). A different network is a different setup: every latency
 * and, through the closed loop, every throughput moves with it.
 */
import type { Results } from '../results.js';

function describe(target: Results['target']): string {
  if (target.rttMs === undefined) return 'loopback (no --rtt)';
  const cap = target.bandwidthMbps !== undefined ? `, ${target.bandwidthMbps} Mbit/s` : '';
  return `RTT ${target.rttMs} ms${target.rttJitterMs ? ` +0…${target.rttJitterMs} ms jitter` : ''}${cap}`;
}

/** One line when the two sides ran over different networks, e.g. "network: loopback (no --rtt) → RTT 20 ms: …". */
export function networkDifferences(base: Results['target'], next: Results['target']): string[] {
  const sameTrip = base.rttMs === next.rttMs && (base.rttJitterMs ?? 0) === (next.rttJitterMs ?? 0);
  if (sameTrip && base.bandwidthMbps === next.bandwidthMbps) return [];
  const what = sameTrip ? 'bandwidth cap' : 'round trip';
  return [`network: ${describe(base)} → ${describe(next)}: a different ${what} is a different setup, so latency and throughput differ by design`];
}
