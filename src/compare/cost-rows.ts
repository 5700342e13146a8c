/**
 * What the connections cost, baseline → new (docs/costs.md): handshake round trips, their
 * time at the scenario's round trip, server CPU in handshakes, server and client memory at
 * peak. A row exists when every measured repetition of both sides has the figure. Reported,
 * not gated: they follow from the counts (which the comparison already reports exactly)
 * and from memory readings whose spread the repetitions rarely pin down, so they join no
 * regression decision. The notes name a row only when it changed: the means differ by
 * more than 10 % and the ranges over repetitions do not overlap.
 */
import type { CaseResult, Results } from '../results.js';
import { COST_METRICS, metricContext, type CostMetric } from '../costs/metrics.js';
import { meanStdev, minMax } from '../stats/summary.js';
import type { CaseComparison, CostChange } from '../results/comparison.js';

type RunsContext = Pick<Results, 'target' | 'scenarios'>;

/** Changes smaller than this share of the larger mean are not news. */
const NOTABLE = 0.1;

export function costChanges(a: readonly CaseResult[], b: readonly CaseResult[], base: RunsContext, next: RunsContext): CostChange[] {
  const out: CostChange[] = [];
  for (const metric of COST_METRICS) {
    const va = values(metric, a, base);
    const vb = values(metric, b, next);
    if (va === undefined || vb === undefined) continue;
    const x = { ...meanStdev(va), ...minMax(va), n: va.length };
    const y = { ...meanStdev(vb), ...minMax(vb), n: vb.length };
    const larger = Math.max(Math.abs(x.mean), Math.abs(y.mean));
    const changed = larger > 0 && Math.abs(y.mean - x.mean) > NOTABLE * larger && (x.max < y.min || y.max < x.min);
    out.push({ metric: metric.id, unit: metric.unit, base: x, next: y, change: x.mean !== 0 ? y.mean / x.mean - 1 : NaN, changed });
  }
  return out;
}

function values(metric: CostMetric, runs: readonly CaseResult[], results: RunsContext): number[] | undefined {
  if (runs.length === 0) return undefined;
  const out = runs.map((r) => metric.of(r, metricContext(results, r.scenario)));
  return out.every((v): v is number => v !== null) ? out : undefined;
}

function fmt(value: number, unit: string): string {
  if (unit === 'bytes') return value >= 1024 * 1024 ? `${(value / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(value / 1024)} KB`;
  const text = Math.abs(value) >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toPrecision(3);
  return `${text} ${unit}`;
}

/** "cost (reported, not gated): got-h2 server.cpu.handshakes 7.60 ms → 2.50 ms (−67 %)", for the rows that changed. */
export function costNotes(c: CaseComparison): string[] {
  return (c.costs ?? [])
    .filter((x) => x.changed)
    .map((x) => {
      const pct = Number.isFinite(x.change) ? ` (${x.change > 0 ? '+' : '−'}${Math.abs(x.change * 100).toFixed(0)} %)` : '';
      return `cost (reported, not gated): ${c.strategy} ${x.metric} ${fmt(x.base.mean, x.unit)} → ${fmt(x.next.mean, x.unit)}${pct}`;
    });
}
