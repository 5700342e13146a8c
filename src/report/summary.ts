/**
 * The comparison under each table, in hyperfine's manner: the strategy with the most
 * throughput and the one with the fewest connections, then every other strategy's
 * throughput as a ratio to the first (± propagated from the spread over repetitions,
 * stats/summary.ts) next to the connections it opened. Plain data here; the terminal
 * and Markdown writers format it. The native reference (h2load) is left out: it is no
 * choice a Node client has, and its own line under the table compares with it.
 */
import type { Results } from '../results.js';
import { REFERENCE_STRATEGY } from '../stats/reference.js';
import { minMax, ratioWithUncertainty, type Ratio } from '../stats/summary.js';
import { countOf, fmtMeanSpread, fmtRate, fmtRatio } from './format.js';
import { aggregatesOf } from './rows.js';

export interface SummaryEntry {
  strategy: string;
  throughput: { mean: number; stdev: number };
  repetitions: number;
  /** Connections opened in one case (cold + warm rounds), range over repetitions. */
  connections: { min: number; max: number };
  /** Throughput of this strategy over the leader's; absent for the leader itself. */
  vsLeader?: Ratio;
}

export interface ScenarioSummary {
  leader: SummaryEntry;
  /** Strategies sharing the fewest connections (by the highest repetition). */
  fewest: SummaryEntry[];
  /** Every other measured strategy, most throughput first. */
  others: SummaryEntry[];
  /** Strategies without a measured repetition. */
  unmeasured: string[];
  /** Strategies that measured but had no request succeed: left out of the comparison (0 connections is no merit then). */
  noneSucceeded?: string[];
}

/** undefined when fewer than two strategies measured: nothing to compare. */
export function scenarioSummary(results: Results, scenarioId: string): ScenarioSummary | undefined {
  const aggs = aggregatesOf(results, scenarioId).filter((a) => a.strategy !== REFERENCE_STRATEGY);
  const succeeded = (a: (typeof aggs)[number]): boolean => a.requests.ok > 0;
  const entries: SummaryEntry[] = aggs
    .filter((a) => a.repetitions > 0 && succeeded(a))
    .map((a) => {
      const runs = results.runs.filter((r) => r.scenario === scenarioId && r.strategy === a.strategy && r.status === 'ok');
      return {
        strategy: a.strategy,
        throughput: a.throughputRps,
        repetitions: a.repetitions,
        connections: minMax(runs.map((r) => r.connections.opened)),
      };
    })
    .sort((a, b) => b.throughput.mean - a.throughput.mean);
  const [leader, ...rest] = entries;
  if (!leader || rest.length === 0) return undefined;
  const fewestCount = Math.min(...entries.map((e) => e.connections.max));
  // With one repetition there is no spread to propagate: say nothing rather than "± 0".
  const spread = (e: SummaryEntry): { mean: number; stdev: number } =>
    e.repetitions > 1 ? e.throughput : { mean: e.throughput.mean, stdev: NaN };
  return {
    leader,
    fewest: entries.filter((e) => e.connections.max === fewestCount),
    others: rest.map((e) => ({ ...e, vsLeader: ratioWithUncertainty(spread(e), spread(leader)) })),
    unmeasured: aggs.filter((a) => a.repetitions === 0).map((a) => a.strategy),
    noneSucceeded: aggs.filter((a) => a.repetitions > 0 && !succeeded(a)).map((a) => a.strategy),
  };
}

export const connectionsText = (e: SummaryEntry): string => countOf(e.connections, 'connection');

export function throughputText(e: SummaryEntry): string {
  const value = e.repetitions > 1 ? fmtMeanSpread(e.throughput.mean, e.throughput.stdev, fmtRate) : fmtRate(e.throughput.mean);
  return `${value} req/s`;
}

/** "1.85 ± 0.25× slower" (or "n/a" for a strategy that served nothing). */
export const ratioText = (e: SummaryEntry): string => (e.vsLeader ? fmtRatio(e.vsLeader) : '');

/** The summary as plain lines (no indentation), shared by the terminal and Markdown writers. */
export function summaryLines(summary: ScenarioSummary): { head: string[]; rows: string[][] } {
  const { leader, fewest } = summary;
  const fewestNames = fewest.map((e) => e.strategy).join(', ');
  const head = [
    `most throughput: ${leader.strategy}, ${throughputText(leader)} with ${connectionsText(leader)}`,
    `fewest connections: ${fewestNames} (${connectionsText(fewest[0] ?? leader)}${fewest.length > 1 ? ' each' : ''})`,
  ];
  const rows = summary.others.map((e) => [e.strategy, ratioText(e), connectionsText(e)]);
  for (const id of summary.unmeasured) rows.push([id, 'not measured', '']);
  for (const id of summary.noneSucceeded ?? []) rows.push([id, 'no request succeeded', '']);
  return { head, rows };
}
