/**
 * What a release gate guards: rows of scenario × strategy × metric, written
 * `burst/my-client/p50` (`--gate`, repeatable, or `"gate": [...]` in muxbench.config.json).
 * Every other row of a comparison is reported, not gated: it does not join the
 * multiplicity correction and cannot fail the gate. Without a declared gate, every
 * latency and throughput row is gated (the behaviour before gates existed) and CPU rows
 * are reported.
 *
 * Pure functions only: the CLI, the API and the precision scheduler all call these. They
 * sit at the bottom of the layers (beside results.ts) because run/'s scheduler and
 * compare/ both read them.
 */
import { UsageError } from './errors.js';

/** The metrics a comparison (and a gate) can name. */
export type MetricId = 'p50' | 'p99' | 'throughput' | 'cpu.client' | 'cpu.server';

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

