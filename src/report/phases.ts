/**
 * The phase breakdown table, shared by the terminal and Markdown writers: per strategy,
 * where a request's time went when it paid for a new connection (connect, TLS, first
 * byte, total) and when it reused one. Each timing cell holds a p50 and a p99, each the
 * mean ± stdev over repetitions. Shown only for results that carry phases (files from
 * before phasesMs have none).
 */
import { strategyLabel } from './rows.js';
import type { CaseResult, PhasePercentiles, PhaseStats, Results } from '../results.js';
import { meanStdev } from '../stats/summary.js';
import { fmtCount, fmtMeanSpread, fmtMs } from './format.js';

export const PHASE_COLUMNS = [
  'strategy',
  'new conn: requests',
  'connect [ms]',
  'TLS [ms]',
  'TTFB [ms]',
  'total [ms]',
  'reused: requests',
  'TTFB [ms]',
  'total [ms]',
] as const;

export const PHASE_ALIGN: readonly ('left' | 'right')[] = PHASE_COLUMNS.map((_, i) => (i === 0 ? 'left' : 'right'));

export const PHASE_LEGEND =
  'phases: each time is p50 and p99 over the requests of a case (mean ± stdev over repetitions); new conn = requests that were the first on a new connection (they paid for connect and TLS), reused = all others; TTFB counts from the moment the request was started, so it includes any wait for a connection.';

const NONE = '–';

/** A timing cell: p50 and p99, each formatted. */
export interface PhaseCell {
  p50: string;
  p99: string;
}

export interface PhaseRow {
  strategy: string;
  newRequests: string;
  /** connect, TLS, TTFB, total of new-connection requests. */
  newConnection: PhaseCell[];
  reusedRequests: string;
  /** TTFB, total of reused-connection requests. */
  reused: PhaseCell[];
}

type Group = 'newConnection' | 'reused';

function cell(runs: CaseResult[], group: Group, pick: (p: PhaseStats) => PhasePercentiles): PhaseCell {
  const values = runs.flatMap((r) => (r.phasesMs && r.phasesMs[group].requests > 0 ? [pick(r.phasesMs[group])] : []));
  const one = (of: (p: PhasePercentiles) => number): string => {
    if (values.length === 0) return NONE;
    const { mean, stdev } = meanStdev(values.map(of));
    return values.length > 1 ? fmtMeanSpread(mean, stdev, fmtMs) : fmtMs(mean);
  };
  return { p50: one((p) => p.p50), p99: one((p) => p.p99) };
}

/** Rows of the scenario's phase table in strategy order; empty when no run carries phases. */
export function phaseRows(results: Results, scenarioId: string): PhaseRow[] {
  const runs = results.runs.filter((r) => r.scenario === scenarioId && r.status === 'ok' && r.phasesMs);
  // One row per strategy, and per runtime variant when the run has several (--node, --with).
  const label = (r: (typeof runs)[number]): string => strategyLabel(results, r.strategy, r.runtime?.id);
  const order = [...new Set(runs.map(label))];
  return order.map((strategy) => {
    const mine = runs.filter((r) => label(r) === strategy);
    const count = (group: Group): string => fmtCount(mine.reduce((n, r) => n + (r.phasesMs?.[group].requests ?? 0), 0));
    return {
      strategy,
      newRequests: count('newConnection'),
      newConnection: [
        cell(mine, 'newConnection', (p) => p.connect),
        cell(mine, 'newConnection', (p) => p.tls),
        cell(mine, 'newConnection', (p) => p.ttfb),
        cell(mine, 'newConnection', (p) => p.total),
      ],
      reusedRequests: count('reused'),
      reused: [cell(mine, 'reused', (p) => p.ttfb), cell(mine, 'reused', (p) => p.total)],
    };
  });
}

/** The row as cells, with each timing cell joined by `join` (a newline in the terminal, ' / ' in Markdown). */
export function phaseCells(row: PhaseRow, join: string): string[] {
  const text = (c: PhaseCell): string => (c.p50 === NONE ? NONE : `${c.p50}${join}${c.p99}`);
  return [row.strategy, row.newRequests, ...row.newConnection.map(text), row.reusedRequests, ...row.reused.map(text)];
}
