import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { aggregateCells, cpuCell, notesOf, scenarioFacts } from './rows.js';
import { renderTable } from './table.js';

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
  });
});
