/**
 * Each strategy's throughput as a ratio to the native reference (h2load) of the same
 * scenario in the same run: the machine's noise affects both, so the ratio travels
 * between machines better than req/s does.
 */
import type { Aggregate } from '../results.js';

export const REFERENCE_STRATEGY = 'h2load';

export function withReferenceRatios(aggregates: readonly Aggregate[]): Aggregate[] {
  return aggregates.map((agg) => {
    if (agg.strategy === REFERENCE_STRATEGY || agg.repetitions === 0) return agg;
    const reference = aggregates.find((a) => a.scenario === agg.scenario && a.strategy === REFERENCE_STRATEGY);
    if (!reference || reference.repetitions === 0 || !(reference.throughputRps.mean > 0)) return agg;
    return { ...agg, vsReference: agg.throughputRps.mean / reference.throughputRps.mean };
  });
}
