/** The gate's side of a comparison: what it declared, and the rows that fail it. */
import type { GateRow } from '../gate-rows.js';
import type { Comparison, MetricChange } from '../results/comparison.js';

export interface GateFailure {
  scenario: string;
  strategy: string;
  change: MetricChange;
}

/** The comparison's record of its gate and of how its repetitions were chosen. */
export function gateFields(gate: readonly GateRow[] | undefined): Pick<Comparison, 'gate' | 'stopping'> {
  return { ...(gate !== undefined && gate.length > 0 ? { gate: gate.map((g) => g.text) } : {}), stopping: 'fixed-sample' };
}

/** The regressions that fail a gate: gated rows only (the threshold is the one the comparison was made with). */
export function gateFailures(comparison: Comparison): GateFailure[] {
  return rowsWith(comparison, 'regression').filter((f) => f.change.gated !== false);
}

/** Rows with a given verdict, in comparison order. */
export function rowsWith(comparison: Comparison, verdict: MetricChange['verdict']): GateFailure[] {
  const out: GateFailure[] = [];
  for (const c of comparison.cases) {
    for (const m of c.metrics) if (m.verdict === verdict) out.push({ scenario: c.scenario, strategy: c.strategy, change: m });
  }
  return out;
}
