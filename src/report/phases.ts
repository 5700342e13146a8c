/**
 * The phase breakdown table, shared by the terminal and Markdown writers: per strategy,
 * where a request's time went when it paid for a new connection (connect, TLS, first
 * byte, total) and when it reused one. p50 per case; mean ± stdev over repetitions.
 * Shown only for results that carry phases (files from before phasesMs have none).
 */
import type { CaseResult, PhaseStats, Results } from '../results.js';
import { meanStdev } from '../stats/summary.js';
import { fmtCount, fmtMeanSpread, fmtMs } from './format.js';

export const PHASE_COLUMNS = [
  'strategy',
  'new conn: requests',
  'connect p50 [ms]',
  'TLS p50 [ms]',
  'TTFB p50 [ms]',
  'total p50 [ms]',
  'reused: requests',
  'TTFB p50 [ms]',
  'total p50 [ms]',
] as const;

export const PHASE_ALIGN: readonly ('left' | 'right')[] = PHASE_COLUMNS.map((_, i) => (i === 0 ? 'left' : 'right'));

export const PHASE_LEGEND =
  'phases: new conn = requests that were the first on a new connection (they paid for connect and TLS); reused = all others. TTFB counts from the moment the request was started, so it includes any wait for a connection.';

const NONE = '–';

function cell(runs: CaseResult[], pick: (p: PhaseStats) => number, group: 'newConnection' | 'reused'): string {
  const values = runs.flatMap((r) => (r.phasesMs && r.phasesMs[group].requests > 0 ? [pick(r.phasesMs[group])] : []));
  if (values.length === 0) return NONE;
  const { mean, stdev } = meanStdev(values);
  return values.length > 1 ? fmtMeanSpread(mean, stdev, fmtMs) : fmtMs(mean);
}

/** Rows of the scenario's phase table in strategy order; empty when no run carries phases. */
export function phaseRows(results: Results, scenarioId: string): string[][] {
  const runs = results.runs.filter((r) => r.scenario === scenarioId && r.status === 'ok' && r.phasesMs);
  if (runs.length === 0) return [];
  const order = [...new Set(runs.map((r) => r.strategy))];
  return order.map((strategy) => {
    const mine = runs.filter((r) => r.strategy === strategy);
    const count = (group: 'newConnection' | 'reused'): string => fmtCount(mine.reduce((n, r) => n + (r.phasesMs?.[group].requests ?? 0), 0));
    return [
      strategy,
      count('newConnection'),
      cell(mine, (p) => p.connect.p50, 'newConnection'),
      cell(mine, (p) => p.tls.p50, 'newConnection'),
      cell(mine, (p) => p.ttfb.p50, 'newConnection'),
      cell(mine, (p) => p.total.p50, 'newConnection'),
      count('reused'),
      cell(mine, (p) => p.ttfb.p50, 'reused'),
      cell(mine, (p) => p.total.p50, 'reused'),
    ];
  });
}
