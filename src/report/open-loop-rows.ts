/** Rows of the open-loop table, shared by the terminal, Markdown and HTML writers. */
import type { Results } from '../results.js';
import { fmtCount, fmtMs, fmtRate } from './format.js';
import { gfmTable } from './gfm.js';

export const OPEN_LOOP_COLUMNS = [
  'case',
  'rate [req/s]',
  'achieved [req/s]',
  'sent',
  'late',
  'dropped',
  'max lag [ms]',
  'corrected p50 [ms]',
  'corrected p99 [ms]',
  'uncorrected p50 [ms]',
  'uncorrected p99 [ms]',
] as const;

export function openLoopRows(results: Results): string[][] {
  return results.runs
    .filter((r) => r.openLoop !== undefined && r.status === 'ok')
    .map((r) => {
      const o = r.openLoop!;
      return [
        `${r.scenario} ${r.strategy} #${r.repetition + 1}`,
        fmtRate(o.rateRps),
        fmtRate(r.throughputRps),
        fmtCount(o.sent),
        fmtCount(o.late),
        fmtCount(o.dropped),
        fmtMs(o.maxLagMs),
        fmtMs(o.correctedLatencyMs.p50),
        fmtMs(o.correctedLatencyMs.p99),
        fmtMs(o.uncorrectedLatencyMs.p50),
        fmtMs(o.uncorrectedLatencyMs.p99),
      ];
    });
}

/** The open-loop table as Markdown lines (empty when the run was closed-loop). */
export function renderOpenLoopMarkdown(results: Results): string[] {
  const rows = openLoopRows(results);
  if (rows.length === 0) return [];
  const o = results.load;
  return [
    '## Open-loop load',
    '',
    o ? `Constant arrival rate ${fmtRate(o.rateRps)} req/s for ${o.durationMs / 1000} s per case. ` +
      'Corrected latency runs from each request\'s intended send time (no coordinated omission); uncorrected from its actual send. ' +
      'Late: sent over 1 ms behind schedule; dropped: never sent because the backlog was full.' : '',
    '',
    ...gfmTable(OPEN_LOOP_COLUMNS, rows, OPEN_LOOP_COLUMNS.map((_, i) => (i === 0 ? 'left' : 'right'))),
  ];
}
