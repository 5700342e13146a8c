import { describe, expect, it } from 'vitest';
import type { PhaseBreakdown, Results } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderMarkdown } from './markdown.js';
import { phaseCells, phaseRows } from './phases.js';
import { renderTable } from './table.js';

const stats = (requests: number, connect: number, tls: number, ttfb: number, total: number) => ({
  requests,
  connect: { p50: connect, p99: connect * 2 },
  tls: { p50: tls, p99: tls * 2 },
  ttfb: { p50: ttfb, p99: ttfb * 2 },
  total: { p50: total, p99: total * 2 },
});

/** The fixture with phases on the seed runs: rep 0 and rep 1 differ so the spread shows. */
function withPhases(): Results {
  const results = fixtureResults();
  for (const run of results.runs) {
    if (run.scenario !== 'seed') continue;
    const k = run.repetition === 0 ? 1 : 1.2;
    const phases: PhaseBreakdown = {
      newConnection: stats(run.connections.opened, 2 * k, 5 * k, 12 * k, 13 * k),
      reused: stats(run.requests.ok - run.connections.opened, 0, 0, 10 * k, 10.5 * k),
      uncorrelated: 0,
    };
    run.phasesMs = phases;
  }
  return results;
}

describe('phase rows', () => {
  it('are absent for results without phases (older files)', () => {
    expect(phaseRows(fixtureResults(), 'seed')).toEqual([]);
    expect(renderTable(fixtureResults())).not.toContain('phases —');
  });

  it('show p50 as mean ± stdev over repetitions and sum the request counts', () => {
    const rows = phaseRows(withPhases(), 'seed');
    expect(rows.map((r) => phaseCells(r, ' / '))).toEqual([
      ['http2-single-session', '2', '2.20 ± 0.28 / 4.40 ± 0.57', '5.50 ± 0.71 / 11.0 ± 1.4', '13.2 ± 1.7 / 26.4 ± 3.4', '14.3 ± 1.8 / 28.6 ± 3.7', '130', '11.0 ± 1.4 / 22.0 ± 2.8', '11.6 ± 1.5 / 23.1 ± 3.0'],
      ['undici-h2', '5', '2.20 ± 0.28 / 4.40 ± 0.57', '5.50 ± 0.71 / 11.0 ± 1.4', '13.2 ± 1.7 / 26.4 ± 3.4', '14.3 ± 1.8 / 28.6 ± 3.7', '127', '11.0 ± 1.4 / 22.0 ± 2.8', '11.6 ± 1.5 / 23.1 ± 3.0'],
      ['https-keepalive', '7', '2.20 ± 0.28 / 4.40 ± 0.57', '5.50 ± 0.71 / 11.0 ± 1.4', '13.2 ± 1.7 / 26.4 ± 3.4', '14.3 ± 1.8 / 28.6 ± 3.7', '125', '11.0 ± 1.4 / 22.0 ± 2.8', '11.6 ± 1.5 / 23.1 ± 3.0'],
    ]);
    expect(phaseRows(withPhases(), 'burst')).toEqual([]);
  });

  it('appear in the terminal table and the Markdown', () => {
    const results = withPhases();
    expect(renderTable(results)).toContain('phases — seed');
    const md = renderMarkdown(results);
    expect(md).toContain(
      '| strategy | new conn: requests | connect p50 / p99 [ms] | TLS p50 / p99 [ms] | TTFB p50 / p99 [ms] | total p50 / p99 [ms] | reused: requests | TTFB p50 / p99 [ms] | total p50 / p99 [ms] |',
    );
    expect(md).toContain(
      '| http2-single-session | 2 | 2.20 ± 0.28 / 4.40 ± 0.57 | 5.50 ± 0.71 / 11.0 ± 1.4 | 13.2 ± 1.7 / 26.4 ± 3.4 | 14.3 ± 1.8 / 28.6 ± 3.7 | 130 | 11.0 ± 1.4 / 22.0 ± 2.8 | 11.6 ± 1.5 / 23.1 ± 3.0 |',
    );
    expect(renderTable(results)).toContain('│ http2-single-session │         2 │  2.20 ± 0.28 │');
  });
});
