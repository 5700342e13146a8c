/**
 * The network each side was measured over: plain loopback, or a relay adding a round
 * trip (--rtt, --rtt-jitter). A different round trip is a different setup: every latency
 * and, through the closed loop, every throughput moves with it.
 */
import type { Results } from '../results.js';

function describe(target: Results['target']): string {
  if (target.rttMs === undefined) return 'loopback (no --rtt)';
  return `RTT ${target.rttMs} ms${target.rttJitterMs ? ` +0…${target.rttJitterMs} ms jitter` : ''}`;
}

/** One line when the two sides ran over different networks, e.g. "network: loopback (no --rtt) → RTT 20 ms: …". */
export function networkDifferences(base: Results['target'], next: Results['target']): string[] {
  if (base.rttMs === next.rttMs && (base.rttJitterMs ?? 0) === (next.rttJitterMs ?? 0)) return [];
  return [`network: ${describe(base)} → ${describe(next)}: a different round trip is a different setup, so latency and throughput differ by design`];
}
