import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderHtml } from './html/render.js';
import { renderMarkdown } from './markdown.js';
import { renderMarkdownSummary } from './markdown-summary.js';
import { aggregateCells, cpuCell, notesOf, rowCells, scenarioFacts, scenarioRepetitions } from './rows.js';
import { renderTable } from './table.js';
import { renderTerminal } from './terminal.js';

/** The fixture with seed/undici-h2 rep 1 failed, seed/https-keepalive skipped, and a repeated warning. */
function troubled(): Results {
  const results = fixtureResults();
  const warn = { rule: 'slow-warm', severity: 'warn' as const, message: 'p99 above 15 ms', fix: 'check the server delay' };
  results.runs = results.runs.map((run) => {
    if (run.scenario !== 'seed') return run;
    if (run.strategy === 'http2-single-session') return { ...run, verdicts: [warn] };
    if (run.strategy === 'undici-h2' && run.repetition === 1) {
      return { ...run, status: 'error', error: { code: 'ECONNRESET', message: 'socket hang up' } };
    }
    if (run.strategy === 'https-keepalive') {
      return { ...run, status: 'skipped', skipReason: 'no HTTP/1.1 on this target', requests: { total: 0, ok: 0, failed: 0, errors: {} } };
    }
    return run;
  });
  results.aggregates = aggregate(results.runs);
  return results;
}

describe('notesOf', () => {
  it('lists failures and skips, and shows a repeated verdict once', () => {
    expect(notesOf(troubled(), 'seed')).toEqual([
      { severity: 'warn', subject: 'http2-single-session (reps 0, 1)', message: 'p99 above 15 ms', fix: 'check the server delay' },
      { severity: 'skip', subject: 'https-keepalive (reps 0, 1)', message: 'skipped: no HTTP/1.1 on this target', fix: '' },
      { severity: 'fail', subject: 'undici-h2 (rep 1)', message: 'could not run: ECONNRESET: socket hang up', fix: '' },
    ]);
  });
});

describe('aggregateCells', () => {
  it('drops the spread for a single repetition and dashes unmeasured rows', () => {
    const [, undici, keepalive] = troubled().aggregates;
    expect(aggregateCells(undici!)).toEqual(['undici-h2', 'h2', '3 / 0', '3 / 0', '1', '10.6', '16.4', '17.9', '181', '– / –', '0']);
    expect(aggregateCells(undici!, 2)[0]).toBe('undici-h2 (1 of 2 reps)');
    expect(aggregateCells(keepalive!)).toEqual(['https-keepalive', '–', '–', '–', '–', '–', '–', '–', '–', '–', '0']);
  });

  it('CPU per request: client / server, the spread next to each mean, a dash where not recorded', () => {
    expect(cpuCell({ cpuUsPerRequest: { client: { mean: 30.94, stdev: 6.51, n: 3 }, server: { mean: 12.1, stdev: 0.8, n: 3 } } })).toBe('30.9 ± 6.5 / 12.1 ± 0.8');
    expect(cpuCell({ cpuUsPerRequest: { client: { mean: 30.94, stdev: 0, n: 1 }, server: null } })).toBe('30.9 / –');
    expect(cpuCell({})).toBe('– / –');
  });

  it('renders the troubled scenario', () => {
    const results = troubled();
    results.scenarios = results.scenarios.filter((s) => s.id === 'seed');
    expect(renderTable(results).split('\n\n')[0]).toMatchInlineSnapshot(`
      "seed — Three staggered requests on a fresh client
      (concurrency 3, server delays 5/10/15 ms, 2 repetitions)
      ┌───────────────────────────────┬──────────┬───────────┬──────────────┬──────────────┬────────────┬────────────┬──────┬────────────┬────────────────────┬────────┐
      │ strategy                      │ protocol │     conns │          TLS │         peak │        p50 │        p99 │  max │ throughput │            CPU/req │ errors │
      │                               │          │ cold/warm │ full/resumed │ streams/conn │       [ms] │       [ms] │ [ms] │    [req/s] │ [µs] client/server │        │
      ├───────────────────────────────┼──────────┼───────────┼──────────────┼──────────────┼────────────┼────────────┼──────┼────────────┼────────────────────┼────────┤
      │ http2-single-session          │ h2       │     1 / 0 │        1 / 0 │            3 │ 10.4 ± 0.1 │ 16.0 ± 0.1 │ 17.0 │    186 ± 2 │              – / – │      0 │
      │ undici-h2 (1 of 2 reps)       │ h2       │     3 / 0 │        3 / 0 │            1 │       10.6 │       16.4 │ 17.9 │        181 │              – / – │      0 │
      │ https-keepalive (0 of 2 reps) │ –        │         – │            – │            – │          – │          – │    – │          – │                  – │      0 │
      └───────────────────────────────┴──────────┴───────────┴──────────────┴──────────────┴────────────┴────────────┴──────┴────────────┴────────────────────┴────────┘
        http2-single-session: 3 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, up to 3 streams on one connection; warm rounds opened no new connection.
        undici-h2: 3 concurrent requests → 3 connections (h2) on the cold round, 3 full TLS handshakes, up to 1 stream on one connection; warm rounds opened no new connection; expected 1 for one-connection.
        https-keepalive: no repetition could be measured.
        ⚠ http2-single-session (reps 0, 1): p99 above 15 ms
            fix: check the server delay
        – https-keepalive (reps 0, 1): skipped: no HTTP/1.1 on this target
        ✗ undici-h2 (rep 1): could not run: ECONNRESET: socket hang up"
    `);
  });
});

describe('scenarioFacts', () => {
  it('summarises delays', () => {
    const seed = fixtureResults().scenarios[0]!;
    expect(scenarioFacts(seed, 1)).toBe('concurrency 3, server delays 5/10/15 ms, 1 repetition');
    expect(scenarioFacts({ ...seed, delaysMs: [1, 2, 3, 4, 5, 6, 7] }, 3)).toBe('concurrency 3, server delays 1–7 ms, 3 repetitions');
    expect(scenarioFacts({ ...seed, delaysMs: [] }, 2)).toBe('concurrency 3, no server delay, 2 repetitions');
    expect(scenarioFacts(seed, { min: 17, max: 18 })).toBe('concurrency 3, server delays 5/10/15 ms, 17–18 repetitions');
    // A scenario with its own round trip (seed-rtt20) says it in every heading.
    expect(scenarioFacts({ ...seed, rttMs: 20 }, 3)).toBe('concurrency 3, server delays 5/10/15 ms, RTT 20 ms (relay), 3 repetitions');
  });
});

describe('repetitions in the scenario heading', () => {
  /** A --precision run: 3 planned, then repetitions added until 18 (undici-h2 in burst: 17). */
  function precisionRun(): Results {
    const results = fixtureResults();
    results.options.repetitions = 3;
    const extra = results.runs.flatMap((run) =>
      run.repetition !== 1
        ? []
        : Array.from({ length: run.scenario === 'burst' && run.strategy === 'undici-h2' ? 15 : 16 }, (_, i) => ({ ...run, repetition: i + 2 })),
    );
    results.runs = [...results.runs, ...extra];
    results.aggregates = aggregate(results.runs);
    results.precision = { target: 0.03, maxTimeMs: 135_000, minRepetitions: 3, elapsedMs: 130_000, stoppedBy: 'max-time', rowsWithinTarget: 5, rows: 6 };
    return results;
  }

  it('says how many ran, a range when rows differ, in every format', () => {
    const results = precisionRun();
    expect(scenarioRepetitions(results, 'seed')).toEqual({ min: 18, max: 18 });
    expect(scenarioRepetitions(results, 'burst')).toEqual({ min: 17, max: 18 });
    const outputs = { terminal: renderTerminal(results), verbose: renderTable(results), markdown: renderMarkdown(results), summary: renderMarkdownSummary(results), html: renderHtml(results) };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text, name).toContain('server delays 5/10/15 ms, 18 repetitions');
      expect(text, name).toContain('server delay 10 ms, 17–18 repetitions');
      expect(text, name).not.toMatch(/\b3 repetitions/);
    }
  });

  it('marks a row that measured fewer repetitions than ran, even past the planned count', () => {
    const results = precisionRun();
    const run = results.runs.find((r) => r.scenario === 'seed' && r.strategy === 'undici-h2' && r.repetition === 9);
    if (!run) throw new Error('fixture changed');
    run.status = 'error';
    results.aggregates = aggregate(results.runs);
    const agg = results.aggregates.find((a) => a.scenario === 'seed' && a.strategy === 'undici-h2');
    expect(rowCells(results, agg!)[0]).toBe('undici-h2 (17 of 18 reps)');
    // A run stopped early still says what was planned.
    const cut = fixtureResults();
    cut.options.repetitions = 3;
    expect(rowCells(cut, cut.aggregates[0]!)[0]).toBe('http2-single-session (2 of 3 reps)');
  });
});
