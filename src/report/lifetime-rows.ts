/**
 * Rows of the lifetime table (the lifetime scenario: what the server saw the client do
 * with idle connections), shared by the terminal, Markdown and HTML writers. One row per
 * case: every figure is the server's count (CaseResult.lifetime; docs/long-runs.md).
 */
import type { CaseResult, Results } from '../results.js';
import { fmtCount, fmtMs } from './format.js';
import { gfmTable } from './gfm.js';

export const LIFETIME_COLUMNS = [
  'case',
  'origins',
  'opened',
  'peak open',
  'open over time',
  'closed by client',
  'client idle before close [ms]',
  'closed by server',
  'open at end',
  'open at end per origin',
] as const;

export const LIFETIME_LEGEND =
  'Counted by the server. Open over time: connections open at each burst\'s start and end and at the end of the last gap. ' +
  'Closed by client: its end of stream, GOAWAY or reset came before the server closed its side, before the end; with the idle time from its last response to the close (min–max). ' +
  'Open at end: still open after the last gap, before the client was closed.';

const withLifetime = (results: Results): CaseResult[] => results.runs.filter((r) => r.lifetime !== undefined && r.status === 'ok');

function idleRange(ms: readonly number[]): string {
  if (ms.length === 0) return '';
  const lo = Math.min(...ms);
  const hi = Math.max(...ms);
  return lo === hi ? fmtMs(lo) : `${fmtMs(lo)}–${fmtMs(hi)}`;
}

export function lifetimeRows(results: Results): string[][] {
  return withLifetime(results).map((r) => {
    const l = r.lifetime!;
    return [
      `${r.strategy} #${r.repetition + 1}`,
      String(l.origins),
      fmtCount(l.opened),
      fmtCount(l.peakOpen),
      l.openOverTime.map((p) => String(p.open)).join(' → '),
      fmtCount(l.closedByClient),
      idleRange(l.closedByClientIdleMs),
      fmtCount(l.closedByServer),
      fmtCount(l.openAtEnd),
      l.perOrigin.map((o) => String(o.openAtEnd)).join(' / '),
    ];
  });
}

/** What the gaps were, once per run (every lifetime case of a run has the same). */
export function lifetimeHead(results: Results): string | undefined {
  const first = withLifetime(results)[0];
  if (first === undefined) return undefined;
  const l = first.lifetime!;
  return `${first.concurrency} concurrent requests to each of ${l.origins} origins per burst, idle gaps ${l.gapsMs.map((g) => fmtMs(g)).join(' / ')} ms after the bursts.`;
}

/** The lifetime table as Markdown lines (empty when no case ran the lifetime scenario). */
export function renderLifetimeMarkdown(results: Results): string[] {
  const rows = lifetimeRows(results);
  if (rows.length === 0) return [];
  return [
    '## Connection lifetime',
    '',
    `${lifetimeHead(results) ?? ''} ${LIFETIME_LEGEND}`,
    '',
    ...gfmTable(LIFETIME_COLUMNS, rows, LIFETIME_COLUMNS.map((_, i) => (i === 0 || i === 4 || i === 9 ? 'left' : 'right'))),
  ];
}
