/**
 * Test support (not a test file): percentiles must be ordered, min ≤ p50 ≤ p90 ≤ p99 ≤
 * p999 ≤ max, with the mean inside [min, max]. Every fixture and every real run is held
 * to it; a summary that breaks it is a bug in whatever produced it.
 */
import type { CaseResult, LatencySummary, PhasePercentiles, Results } from '../../src/results.js';

const CHAIN = ['min', 'p50', 'p90', 'p99', 'p999', 'max'] as const;

/** Each broken step as "p99 320.4 > max 25.1"; empty when the summary is ordered. */
export function orderViolations(s: LatencySummary, keys: readonly (typeof CHAIN)[number][] = CHAIN): string[] {
  const out: string[] = [];
  for (let i = 1; i < keys.length; i++) {
    const lo = keys[i - 1]!;
    const hi = keys[i]!;
    if (!(s[lo] <= s[hi])) out.push(`${lo} ${s[lo]} > ${hi} ${s[hi]}`);
  }
  if (!(s.min <= s.mean && s.mean <= s.max)) out.push(`mean ${s.mean} outside [${s.min}, ${s.max}]`);
  if (!(s.stdev >= 0)) out.push(`stdev ${s.stdev} < 0`);
  return out;
}

/** Every step except the last one into max (the checks that need no clamping). */
export const BELOW_MAX = ['min', 'p50', 'p90', 'p99', 'p999'] as const;

export function phaseViolations(p: PhasePercentiles): string[] {
  return p.p50 <= p.p99 ? [] : [`p50 ${p.p50} > p99 ${p.p99}`];
}

/** Every latency summary a case carries, by name. */
export function latencySummariesOf(run: CaseResult): Array<[string, LatencySummary]> {
  const out: Array<[string, LatencySummary]> = [
    ['latencyMs', run.latencyMs],
    ['coldLatencyMs', run.coldLatencyMs],
  ];
  if (run.openLoop) {
    out.push(['openLoop.correctedLatencyMs', run.openLoop.correctedLatencyMs], ['openLoop.uncorrectedLatencyMs', run.openLoop.uncorrectedLatencyMs]);
  }
  return out;
}

/** Every ordering a results file breaks, one line each, naming the case and the field. */
export function resultsOrderViolations(results: Results, keys: readonly (typeof CHAIN)[number][] = CHAIN): string[] {
  const out: string[] = [];
  for (const run of results.runs) {
    if (run.status !== 'ok') continue;
    const where = `${run.scenario}/${run.strategy}#${run.repetition}`;
    for (const [name, s] of latencySummariesOf(run)) for (const v of orderViolations(s, keys)) out.push(`${where} ${name}: ${v}`);
    for (const group of ['newConnection', 'reused'] as const) {
      const stats = run.phasesMs?.[group];
      if (!stats) continue;
      for (const phase of ['connect', 'tls', 'ttfb', 'total'] as const) for (const v of phaseViolations(stats[phase])) out.push(`${where} phasesMs.${group}.${phase}: ${v}`);
    }
  }
  for (const a of results.aggregates) {
    const l = a.latencyMs;
    if (!(l.p50.mean <= l.p99.mean && l.p99.mean <= l.max)) out.push(`aggregate ${a.scenario}/${a.strategy}: p50 ${l.p50.mean}, p99 ${l.p99.mean}, max ${l.max} out of order`);
  }
  return out;
}
