/**
 * The counts of a comparison: connections, TLS handshakes, peak streams, the protocol and
 * whether requests failed. A count change is always news, whatever the latency did.
 */
import type { CaseResult } from '../results.js';
import { dominantProtocol } from '../stats/aggregate.js';
import { minMax } from '../stats/summary.js';
import { countText } from '../results/count-text.js';
import type { CountChange, CountValues } from '../results/comparison.js';

const COUNTS: ReadonlyArray<[string, (r: CaseResult) => number]> = [
  ['connections (cold round)', (r) => r.connections.cold.opened],
  ['connections (warm rounds)', (r) => r.connections.warm.opened],
  ['full TLS handshakes', (r) => r.connections.tlsFull],
  ['resumed TLS handshakes', (r) => r.connections.tlsResumed],
  ['peak streams per connection', (r) => r.connections.maxConcurrentStreams],
];

function change(what: string, values: CountValues, kind: 'exact' | 'ranges'): CountChange {
  return { what, ...countText(values), kind, values };
}

/**
 * Counts per repetition. A count that was the same in every repetition of both sides is
 * deterministic and compared exactly; one that varied on either side is racy (undici's
 * HTTP/1.1 pool dials 1–3 warm connections from run to run) and only ranges that do not
 * overlap are a change. `a` and `b` are the measured (status ok) repetitions of each side.
 */
export function countChanges(a: readonly CaseResult[], b: readonly CaseResult[]): CountChange[] {
  const changes: CountChange[] = [];
  for (const [what, pick] of COUNTS) {
    const x = minMax(a.map(pick));
    const y = minMax(b.map(pick));
    const exact = x.min === x.max && y.min === y.max;
    const changed = exact ? x.min !== y.min : x.max < y.min || y.max < x.min;
    if (changed) changes.push(change(what, { type: 'count', base: x, next: y }, exact ? 'exact' : 'ranges'));
  }
  const protoA = dominantProtocol(a.map((r) => r.connections.alpn));
  const protoB = dominantProtocol(b.map((r) => r.connections.alpn));
  if (protoA !== protoB) changes.push(change('protocol', { type: 'protocol', base: protoA, next: protoB }, 'exact'));
  const failedA = a.reduce((n, r) => n + r.requests.failed, 0);
  const failedB = b.reduce((n, r) => n + r.requests.failed, 0);
  if ((failedA === 0) !== (failedB === 0)) {
    changes.push(change('failed requests', { type: 'count', base: { min: failedA, max: failedA }, next: { min: failedB, max: failedB } }, 'exact'));
  }
  return changes;
}
