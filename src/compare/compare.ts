/**
 * Baseline → new, per (scenario, strategy), or A → B within one results file: the cases
 * matched up, then each one's timing rows (statistics.ts: intervals and the Holm-corrected
 * decisions), its count changes (counts.ts) and, between files, what else differed
 * (environment.ts). The gate's side is gate.ts.
 */
import type { CaseResult, Results } from '../results.js';
import { isGated, type GateRow } from '../gate-rows.js';
import { countChanges } from './counts.js';
import { environmentDifferences, machineDifferences, setupDifferences } from './environment.js';
import { gateFields } from './gate.js';
import { decide, metricChanges, type Pending } from './statistics.js';
import type { CaseComparison, Comparison } from '../results/comparison.js';

export { environmentDifferences, machineDifferences } from './environment.js';
export { gateFailures, rowsWith, type GateFailure } from './gate.js';
import { costChanges } from './cost-rows.js';

/** Family-wise error of the regression decisions: one-sided, the slow tail of 95 % intervals. */
export const DEFAULT_ALPHA = 0.025;
/** The threshold the verdicts use when no gate is set. */
export const DEFAULT_THRESHOLD = 0.05;

export interface CompareOptions {
  alpha?: number;
  /** The rows the gate guards (src/gate-rows.ts); undefined or empty = every latency and throughput row. */
  gate?: readonly GateRow[];
  /** Slowdown that counts as a regression (0.05 = 5 %). */
  threshold?: number;
  baseLabel?: string;
  nextLabel?: string;
}

export function compareResults(base: Results, next: Results, options: CompareOptions = {}): Comparison {
  const keys = new Map<string, { scenario: string; strategy: string }>();
  for (const agg of [...base.aggregates, ...next.aggregates]) {
    keys.set(JSON.stringify([agg.scenario, agg.strategy]), { scenario: agg.scenario, strategy: agg.strategy });
  }
  const pending: Pending[] = [];
  const cases = [...keys.values()].map(({ scenario, strategy }) => {
    const all = (r: Results): CaseResult[] => r.runs.filter((run) => run.scenario === scenario && run.strategy === strategy);
    const a = all(base);
    const b = all(next);
    const empty = { scenario, strategy, metrics: [], counts: [] };
    if (a.length === 0 || !base.aggregates.some((x) => x.scenario === scenario && x.strategy === strategy)) return { ...empty, status: 'only-in-new' as const };
    if (b.length === 0 || !next.aggregates.some((x) => x.scenario === scenario && x.strategy === strategy)) return { ...empty, status: 'only-in-base' as const };
    return withCosts(compareRuns(scenario, strategy, a, b, 'welch', pending, options.gate, [strategy]), a, b, base, next);
  });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const tests = decide(pending, threshold, alpha);
  return {
    base: { label: options.baseLabel ?? 'baseline', startedAt: base.startedAt, command: base.command },
    next: { label: options.nextLabel ?? 'new', startedAt: next.startedAt, command: next.command },
    alpha,
    threshold,
    correction: { method: 'holm-bonferroni', tests },
    ...gateFields(options.gate),
    mode: 'files',
    environmentDifferences: environmentDifferences(base.environment, next.environment),
    machineDifferences: machineDifferences(base.environment, next.environment),
    setupDifferences: setupDifferences(base, next),
    conditions: [
      ...(base.provenance?.warnings ?? []).map((w) => `baseline: ${w}`),
      ...(next.provenance?.warnings ?? []).map((w) => `new: ${w}`),
    ],
    cases,
  };
}

/** The runtime variant a run was measured on, when the results file records one. */
export function runtimeId(run: CaseResult): string | undefined {
  return (run as CaseResult & { runtime?: { id?: string } }).runtime?.id;
}

/**
 * A against B within one results file, paired by repetition: the plan interleaves
 * strategies (and variants) within each repetition, so repetition i of A and of B ran
 * next to each other in time and share whatever the machine was doing. `a` and `b` are
 * strategy ids or runtime variant ids (`run.runtime.id`).
 */
export function compareWithin(results: Results, a: string, b: string, options: CompareOptions = {}): Comparison {
  const byStrategy = results.runs.some((r) => r.strategy === a) && results.runs.some((r) => r.strategy === b);
  const matches = (run: CaseResult, id: string): boolean => (byStrategy ? run.strategy === id : runtimeId(run) === id);
  // What must agree for two runs to be a pair besides the repetition: the scenario, and the
  // other dimension (the variant when comparing strategies, the strategy when comparing variants).
  const rest = (run: CaseResult): string => (byStrategy ? (runtimeId(run) ?? '') : run.strategy);
  const label = (run: CaseResult): string => (byStrategy ? (runtimeId(run) ?? `${b} vs ${a}`) : run.strategy);
  const groups = new Map<string, PairGroup>();
  for (const run of results.runs) {
    const side = matches(run, a) ? 'a' : matches(run, b) ? 'b' : undefined;
    if (side === undefined) continue;
    const key = JSON.stringify([run.scenario, rest(run)]);
    // A gate row names the compared strategy by either id, or by the row's label.
    const group = groups.get(key) ?? { scenario: run.scenario, strategy: label(run), a: [], b: [], names: [label(run), a, b] };
    group[side].push(run);
    groups.set(key, group);
  }
  return pairedComparison(results, groups.values(), options.baseLabel ?? a, options.nextLabel ?? b, options);
}

/**
 * Previous clients against this run's (--base-ref, --base-dir; Results.base.pairs), paired
 * by repetition as compareWithin pairs one A with one B, for every pair at once: one row
 * per scenario × new strategy (× runtime variant when the run had several), all of them
 * in one Holm correction over the gated rows. A row is named by the new strategy's id; a
 * gate row may name either side.
 */
export function compareBase(results: Results, pairs: ReadonlyArray<{ base: string; next: string }>, options: CompareOptions = {}): Comparison {
  const variants = new Set(results.runs.map((r) => runtimeId(r) ?? ''));
  const groups = new Map<string, PairGroup>();
  for (const run of results.runs) {
    const pair = pairs.find((p) => p.base === run.strategy || p.next === run.strategy);
    if (pair === undefined) continue;
    const variant = runtimeId(run);
    const label = variants.size > 1 && variant !== undefined ? `${pair.next} (${variant})` : pair.next;
    const key = JSON.stringify([run.scenario, pair.next, variant ?? '']);
    const group = groups.get(key) ?? { scenario: run.scenario, strategy: label, a: [], b: [], names: [label, pair.base, pair.next] };
    group[run.strategy === pair.base ? 'a' : 'b'].push(run);
    groups.set(key, group);
  }
  return pairedComparison(results, groups.values(), options.baseLabel ?? 'previous', options.nextLabel ?? 'this run', options);
}

/** One row of a paired comparison: A's and B's runs of one scenario × strategy (× variant), and the names a gate row may use for it. */
interface PairGroup {
  scenario: string;
  strategy: string;
  a: CaseResult[];
  b: CaseResult[];
  names: string[];
}

function pairedComparison(results: Results, groups: Iterable<PairGroup>, baseLabel: string, nextLabel: string, options: CompareOptions): Comparison {
  const pending: Pending[] = [];
  const cases: CaseComparison[] = [...groups].map((g) => {
    const empty = { scenario: g.scenario, strategy: g.strategy, metrics: [], counts: [] };
    if (g.a.length === 0) return { ...empty, status: 'only-in-new' };
    if (g.b.length === 0) return { ...empty, status: 'only-in-base' };
    return withCosts(compareRuns(g.scenario, g.strategy, g.a, g.b, 'paired', pending, options.gate, g.names), g.a, g.b, results, results);
  });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const tests = decide(pending, threshold, alpha);
  const side = (label: string) => ({ label, startedAt: results.startedAt, command: results.command });
  return {
    base: side(baseLabel),
    next: side(nextLabel),
    alpha,
    threshold,
    correction: { method: 'holm-bonferroni', tests },
    ...gateFields(options.gate),
    mode: 'paired',
    environmentDifferences: [],
    machineDifferences: [],
    setupDifferences: [],
    cases,
  };
}

/** A compared case with its cost rows (compare/cost-rows.ts), when both sides have any. */
function withCosts(c: CaseComparison, a: CaseResult[], b: CaseResult[], base: Results, next: Results): CaseComparison {
  if (c.status !== 'compared') return c;
  const costs = costChanges(a.filter((r) => r.status === 'ok'), b.filter((r) => r.status === 'ok'), base, next);
  return costs.length > 0 ? { ...c, costs } : c;
}

/** One case on both sides: its timing rows (decided later, with the whole family) and its count changes. */
function compareRuns(
  scenario: string,
  strategy: string,
  allA: CaseResult[],
  allB: CaseResult[],
  method: 'welch' | 'paired',
  pending: Pending[],
  gate: readonly GateRow[] | undefined,
  names: readonly string[],
): CaseComparison {
  const a = allA.filter((r) => r.status === 'ok');
  const b = allB.filter((r) => r.status === 'ok');
  if (a.length === 0 || b.length === 0) return { scenario, strategy, status: 'not-measured', metrics: [], counts: [] };
  const metrics = metricChanges(a, b, method, (metric) => isGated(gate, scenario, names, metric), pending);
  return { scenario, strategy, status: 'compared', metrics, counts: countChanges(a, b) };
}
