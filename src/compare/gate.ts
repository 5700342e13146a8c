/**
 * What a release gate guards: rows of scenario × strategy × metric, written
 * `burst/my-client/p50` (`--gate`, repeatable, or `"gate": [...]` in muxbench.config.json).
 * Every other row of a comparison is reported, not gated: it does not join the
 * multiplicity correction and cannot fail the gate. Without a declared gate, every
 * latency and throughput row is gated (the behaviour before gates existed) and CPU rows
 * are reported.
 *
 * Pure functions only: the CLI, the API and the precision scheduler all call these.
 */
import { UsageError } from '../errors.js';
import type { MetricId } from './types.js';

/** The metrics a comparison has rows for, in row order. */
export const COMPARE_METRICS: readonly MetricId[] = ['p50', 'p99', 'throughput', 'cpu.client', 'cpu.server'];

/** Gated when no gate is declared: what the gate has always checked. */
export const DEFAULT_GATED_METRICS: readonly MetricId[] = ['p50', 'p99', 'throughput'];

export interface GateRow {
  /** Scenario id or '*'. */
  scenario: string;
  /** Strategy id or '*'. For `compare --a/--b` either id (or the row's label) matches. */
  strategy: string;
  metric: MetricId;
  /** As written, e.g. "burst/my-client/p50". */
  text: string;
}

const ID = /^(?:\*|[A-Za-z0-9][\w.@+-]*)$/;
const EXAMPLE = "e.g. --gate burst/my-client/p50 (scenario/strategy/metric; * for any scenario or strategy)";

/** `burst/my-client/p50` → a gate row; every mistake is one UsageError line quoting the input. */
export function parseGateRow(raw: string, source = '--gate'): GateRow {
  const text = raw.trim();
  const parts = text.split('/').map((s) => s.trim());
  if (parts.length !== 3) throw new UsageError(`${source} '${raw}': expected scenario/strategy/metric, ${EXAMPLE}`);
  const [scenario = '', strategy = '', metric = ''] = parts;
  if (!ID.test(scenario) || !ID.test(strategy)) throw new UsageError(`${source} '${raw}': '${scenario}/${strategy}' is not 'scenario/strategy' (either may be *), ${EXAMPLE}`);
  if (!isMetricId(metric)) throw new UsageError(`${source} '${raw}': unknown metric '${metric}'; a gate takes ${COMPARE_METRICS.join(', ')}`);
  return { scenario, strategy, metric, text: `${scenario}/${strategy}/${metric}` };
}

export function isMetricId(x: string): x is MetricId {
  return (COMPARE_METRICS as readonly string[]).includes(x);
}

/** Whether a row is gated: by the declared gate, or (none declared) by the default metrics. */
export function isGated(gate: readonly GateRow[] | undefined, scenario: string, strategyNames: readonly string[], metric: MetricId): boolean {
  if (gate === undefined || gate.length === 0) return DEFAULT_GATED_METRICS.includes(metric);
  return gate.some(
    (g) => g.metric === metric && (g.scenario === '*' || g.scenario === scenario) && (g.strategy === '*' || strategyNames.includes(g.strategy)),
  );
}

/** Whether any gate row could apply to this scenario × strategy (any metric): the scheduler's gated rows. */
export function gatesRow(gate: readonly GateRow[], scenario: string, strategy: string): MetricId[] {
  return gate
    .filter((g) => (g.scenario === '*' || g.scenario === scenario) && (g.strategy === '*' || g.strategy === strategy))
    .map((g) => g.metric);
}

/** Refuses (exit 2, before measuring) a gate row that matches no planned scenario or strategy. */
export function checkGateMatches(gate: readonly GateRow[], scenarios: readonly string[], strategies: readonly string[]): void {
  for (const g of gate) {
    if (g.scenario !== '*' && !scenarios.includes(g.scenario)) {
      throw new UsageError(`--gate '${g.text}': scenario '${g.scenario}' is not in this run (${scenarios.join(', ')})`);
    }
    if (g.strategy !== '*' && !strategies.includes(g.strategy)) {
      throw new UsageError(`--gate '${g.text}': strategy '${g.strategy}' is not in this run (${strategies.join(', ')})`);
    }
  }
}

/**
 * The one-sided tail each test was decided at by Holm's step-down procedure at family
 * level α, in input order: the k-th smallest p-value (k from 0) is tested at α/(m − k)
 * while every smaller one was rejected; from the first that is not, the procedure stops
 * and every remaining test is decided (not rejected) at that step's α/(m − s).
 *
 * A t interval at two-sided level 1 − 2·tail has its lower end above the bound exactly
 * when p < tail, so the interval printed at this tail agrees with the decision: a
 * rejected row's interval clears the threshold, and a row that was not rejected has
 * p ≥ α/(m − s) (its p is at least the stopping step's), so its interval does not.
 * NaN inputs (untested rows) get NaN.
 */
export function holmTails(pValues: readonly number[], alpha: number): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let stopped: number | undefined;
  for (const [k, { p, i }] of order.entries()) {
    const tail = alpha / (m - k);
    if (stopped === undefined && p > tail) stopped = tail;
    out[i] = stopped ?? tail;
  }
  return out;
}
