/**
 * What the terminal and the Markdown compare sections share: the columns, the cells of
 * each metric row, and the notes (count changes, missing cases, environment warnings).
 */
import { countText } from '../results/count-text.js';
import { DEFAULT_THRESHOLD } from '../compare/compare.js';
import type { CaseComparison, Comparison, CountChange, MetricChange, MetricId } from '../results/comparison.js';
import { fmtMeanSpread, fmtMs, fmtRate } from './format.js';
import { costNotes } from '../compare/cost-rows.js';

export const COMPARE_COLUMNS = ['strategy', 'metric', 'baseline', 'new', 'slowdown [CI the verdict used]', 'p (Holm)', 'verdict'] as const;
export const COMPARE_ALIGN: readonly ('left' | 'right')[] = ['left', 'left', 'right', 'right', 'right', 'right', 'left'];

const METRIC_LABEL: Record<MetricId, string> = {
  p50: 'p50 [ms]',
  p99: 'p99 [ms]',
  throughput: 'throughput [req/s]',
  'cpu.client': 'CPU client [µs/req]',
  'cpu.server': 'CPU server [µs/req]',
};

export function scenariosOf(comparison: Comparison): string[] {
  return [...new Set(comparison.cases.map((c) => c.scenario))];
}

export function fmtP(p: number): string {
  if (Number.isNaN(p)) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function fmtSide(side: MetricChange['base'], metric: MetricId): string {
  const fmt = metric === 'throughput' ? fmtRate : fmtMs;
  return side.n > 1 ? fmtMeanSpread(side.mean, side.stdev, fmt) : fmt(side.mean);
}

/** A signed percentage: +8.0 %, −3.1 %. */
export function fmtPct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  const v = (x * 100).toFixed(digits);
  return `${x >= 0 && Number(v) !== 0 ? '+' : Number(v) === 0 ? '±' : '−'}${v.replace('-', '')} %`;
}

/**
 * "+8.0 % [+3.0, +16.7] @ 99.8 %": the point slowdown and the interval its verdict was
 * decided with, at that interval's confidence level; files from before decision
 * intervals show their 95 % interval, labelled so.
 */
export function fmtSlowdown(m: MetricChange): string {
  const shown = m.decisionInterval ?? (m.interval ? { ...m.interval, level: 0.95 } : null);
  if (!shown) return `${fmtPct(m.slowdown)} (no interval)`;
  const bare = (x: number): string => fmtPct(x).replace(' %', '');
  return `${fmtPct(m.slowdown)} [${bare(shown.low)}, ${bare(shown.high)}] @ ${fmtLevel(shown.level)}`;
}

/** A confidence level with the digits that tell levels apart: 95 %, 99.8 %, 99.97 %. */
export function fmtLevel(level: number): string {
  const pct = level * 100;
  const digits = pct >= 99.9 ? 2 : pct >= 99 || pct % 1 !== 0 ? 1 : 0;
  return `${Number(pct.toFixed(digits))} %`;
}

function fmtVerdict(m: MetricChange, threshold: number): string {
  const verdict = fmtGatedVerdict(m, threshold);
  return m.gated === false && m.verdict !== 'untested' ? `${verdict} (reported, not gated)` : verdict;
}

function fmtGatedVerdict(m: MetricChange, threshold: number): string {
  const pct = `${(Math.abs(m.slowdown) * 100).toFixed(1)} %`;
  const limit = `${(threshold * 100).toFixed(1).replace(/\.0$/, '')} %`;
  switch (m.verdict) {
    case 'regression':
      return `✗ regression, ${pct} slower`;
    case 'improvement':
      return `✓ improvement, ${pct} faster`;
    case 'no regression':
      return `ok (< ${limit} slower)`;
    case 'inconclusive':
      return m.repetitionsToDecide === null || m.repetitionsToDecide === undefined
        ? `? inconclusive (at the ${limit} line)`
        : `? inconclusive: ~${m.repetitionsToDecide} repetitions a side to decide`;
    case 'untested':
      return `untested (${Math.min(m.base.n, m.next.n)} repetition; needs ≥ 2 a side)`;
  }
}

/** One row per metric of each compared case of the scenario. */
export function compareRows(comparison: Comparison, scenario: string): string[][] {
  const rows: string[][] = [];
  for (const c of comparison.cases) {
    if (c.scenario !== scenario) continue;
    for (const m of c.metrics) {
      rows.push([
        c.strategy,
        METRIC_LABEL[m.metric],
        fmtSide(m.base, m.metric),
        fmtSide(m.next, m.metric),
        fmtSlowdown(m),
        m.gated === false ? 'not gated' : fmtP(m.adjustedP ?? m.pValue),
        fmtVerdict(m, comparison.threshold ?? DEFAULT_THRESHOLD),
      ]);
    }
  }
  return rows;
}

/** A count change's two sides, from its numbers (files from before them: the text they stored). */
function countSides(change: CountChange): { base: string; next: string } {
  return change.values !== undefined ? countText(change.values) : { base: change.base, next: change.next };
}

/** Count changes and missing cases of the scenario, one sentence each. */
export function compareNotes(comparison: Comparison, scenario: string): string[] {
  const notes: string[] = [];
  const describe = (c: CaseComparison): string[] => {
    switch (c.status) {
      case 'compared':
        return [
          ...c.counts.map((x) => {
            const { base, next } = countSides(x);
            return `count change: ${c.strategy} ${x.what} ${base} → ${next}${x.kind === 'ranges' ? ' (varies between repetitions; the ranges do not overlap)' : ''}`;
          }),
          ...costNotes(c),
        ];
      case 'only-in-base':
        return [`${c.strategy}: in the baseline only, not measured in the new run`];
      case 'only-in-new':
        return [`${c.strategy}: new, not in the baseline`];
      case 'not-measured':
        return [`${c.strategy}: no measured repetition on one side, nothing to compare`];
    }
  };
  for (const c of comparison.cases) if (c.scenario === scenario) notes.push(...describe(c));
  return notes;
}

/** Warnings that apply to the whole comparison. */
export function compareWarnings(comparison: Comparison): string[] {
  const out: string[] = [];
  if (comparison.environmentDifferences.length > 0) {
    out.push(`environments differ, so part of any change may come from them: ${comparison.environmentDifferences.join('; ')}`);
  }
  const untested = comparison.cases.filter((c) => c.metrics.some((m) => m.verdict === 'untested')).length;
  if (untested > 0) {
    out.push(
      `${untested} case${untested === 1 ? ' has' : 's have'} fewer than 2 repetitions on a side, so no significance test and no gate: run both sides with --repetitions 3 or more`,
    );
  }
  out.push(...(comparison.conditions ?? []));
  if (comparison.setupDifferences.length > 0) {
    out.push(`scenarios were set up differently: ${comparison.setupDifferences.join('; ')}`);
  }
  return out;
}

export function compareHeading(comparison: Comparison): string {
  const threshold = comparison.threshold ?? DEFAULT_THRESHOLD;
  const how =
    comparison.mode === 'paired'
      ? 'over pairs of repetitions (same run, interleaved)'
      : 'over independent repetitions, Welch–Satterthwaite df';
  const tests = comparison.correction?.tests ?? 0;
  const gated = comparison.gate !== undefined ? `the gate's ${comparison.gate.length} row${comparison.gate.length === 1 ? '' : 's'} (${comparison.gate.join(', ')})` : 'every latency and throughput row (no gate declared)';
  return (
    `${comparison.next.label} (${comparison.next.startedAt}) against ${comparison.base.label} (${comparison.base.startedAt}); ` +
    `intervals of the slowdown (ratio of geometric means; t on log ratios ${how}) at the level each verdict used; ` +
    `gated: ${gated}; ` +
    `regression = a gated row's interval wholly beyond +${(threshold * 100).toFixed(1).replace(/\.0$/, '')} % at its ` +
    `Holm–Bonferroni level over ${tests} gated comparison${tests === 1 ? '' : 's'} (family-wise error ≤ ${(comparison.alpha * 100).toFixed(1)} %); ` +
    `rows not gated are reported at 95 %; ` +
    `${comparison.stopping === 'fixed-sample' ? 'fixed-sample decision (repetitions were not added on the verdict)' : 'repetitions as measured'}`
  );
}

/**
 * One line per gated tested row: what it guards and the smallest slowdown it could flag
 * with its spread and repetitions (after the correction). Empty when no gate was declared.
 */
export function gateLines(comparison: Comparison): string[] {
  if (comparison.gate === undefined) return [];
  const lines: string[] = [];
  for (const c of comparison.cases) {
    for (const m of c.metrics) {
      if (m.gated !== true) continue;
      const reach = Number.isFinite(m.detectableSlowdown) ? `could flag a slowdown of ${fmtPct(m.detectableSlowdown)} or more` : 'untested (needs ≥ 2 repetitions a side)';
      lines.push(`${c.scenario}/${c.strategy}/${m.metric}: ${reach}`);
    }
  }
  return lines;
}

/** Count changes across the whole comparison: "a count change is always news". */
export function countChangeTotal(comparison: Comparison): number {
  return comparison.cases.reduce((n, c) => n + c.counts.length, 0);
}
