import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { gateExitCode } from '../commands/compare.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import type { CaseResult, Results } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { compareBase, compareResults, compareWithin, gateFailures } from './compare.js';
import { parseGateRow } from '../gate-rows.js';
import { renderCompareText } from '../report/compare-text.js';
import { renderCompareMarkdown } from '../report/compare-markdown.js';

/** The fixture with some runs changed, aggregates recomputed like the runner does. */
function changed(edit: (run: CaseResult) => void, results: Results = fixtureResults()): Results {
  for (const run of results.runs) edit(run);
  results.aggregates = aggregate(results.runs);
  return results;
}

const is = (run: CaseResult, scenario: string, strategy: string): boolean => run.scenario === scenario && run.strategy === strategy;

/** undici-h2 on burst got 30 % slower at p99 and 20 % lower throughput, in both repetitions. */
const regressed = (): Results =>
  changed((run) => {
    if (!is(run, 'burst', 'undici-h2')) return;
    run.latencyMs.p99 = Math.round(run.latencyMs.p99 * 1.3 * 10) / 10;
    run.throughputRps = Math.round(run.throughputRps * 0.8);
  });

function io(): { out: string[]; err: string[]; stdout: (t: string) => void; stderr: (t: string) => void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

/** Relative jitter per repetition: spread ≈ 1.4 % (sample stdev of the logs). */
const JITTER = [-0.02, 0.01, 0.015, -0.01, 0.005];

/** The fixture's repetition-0 runs, repeated JITTER.length times with the jitter applied to p50, p99 and throughput. */
function repeated(scale: (run: CaseResult) => number = () => 1, jitter: readonly number[] = JITTER): Results {
  const results = fixtureResults();
  const runs: CaseResult[] = [];
  for (const [rep, j] of jitter.entries()) {
    for (const run of results.runs.filter((r) => r.repetition === 0)) {
      const copy = structuredClone(run);
      copy.repetition = rep;
      const k = scale(copy);
      copy.latencyMs.p50 = run.latencyMs.p50 * (1 + j) * k;
      copy.latencyMs.p99 = run.latencyMs.p99 * (1 + j) * k;
      copy.throughputRps = (run.throughputRps * (1 + j)) / k;
      runs.push(copy);
    }
  }
  results.runs = runs;
  results.aggregates = aggregate(runs);
  return results;
}

describe('compareResults: intervals and the regression decision', () => {
  it('finds no regression between a file and itself, and says how many comparisons it corrected for', () => {
    const c = compareResults(repeated(), repeated());
    expect(c.environmentDifferences).toEqual([]);
    expect(c.setupDifferences).toEqual([]);
    expect(c.cases).toHaveLength(6);
    expect(c.correction).toEqual({ method: 'holm-bonferroni', tests: 18 });
    for (const k of c.cases) {
      expect(k.status).toBe('compared');
      expect(k.counts).toEqual([]);
      for (const m of k.metrics) {
        expect(m.verdict).toBe('no regression');
        expect(m.slowdown).toBeCloseTo(0, 12);
        expect(m.interval!.low).toBeLessThan(0);
        expect(m.interval!.high).toBeGreaterThan(0);
        expect(m.interval!.high).toBeLessThan(0.05);
      }
    }
    expect(gateFailures(c)).toEqual([]);
    expect(renderCompareText(c)).toContain('Holm–Bonferroni level over 18 gated comparisons (family-wise error ≤ 2.5 %)');
  });

  it('flags a regression whose whole interval is beyond the threshold, after the correction', () => {
    const slow = repeated((run) => (is(run, 'burst', 'undici-h2') ? 1.3 : 1));
    const c = compareResults(repeated(), slow);
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!;
    for (const m of undici.metrics) {
      expect(m.verdict).toBe('regression');
      expect(m.slowdown).toBeCloseTo(0.3, 10);
      expect(m.interval!.low).toBeGreaterThan(0.05);
      expect(m.adjustedP).toBeLessThan(0.025);
    }
    const others = c.cases.filter((k) => k !== undici).flatMap((k) => k.metrics.map((m) => m.verdict));
    expect(new Set(others)).toEqual(new Set(['no regression']));
    expect(gateFailures(c).map((f) => `${f.strategy} ${f.change.metric}`)).toEqual(['undici-h2 p50', 'undici-h2 p99', 'undici-h2 throughput']);
    const sink = io();
    expect(gateExitCode(c, 0.05, sink)).toBe(1);
    expect(sink.err[0]).toMatch(/^muxbench: regression above 5\.0 %: burst undici-h2 p50 \+30\.0 % \[\+2\d\.\d, \+3\d\.\d\] @ 99\.\d % \(Holm-adjusted p = < 0\.001 over 18 comparisons\)\n$/);
    expect(gateExitCode(c, undefined, sink)).toBe(0);
    // A threshold above the change: the same data is no regression.
    expect(gateFailures(compareResults(repeated(), slow, { threshold: 0.4 }))).toEqual([]);
  });

  it('does not call a change a regression when it clears the threshold only before the Holm correction', () => {
    // 8 % slower: the row's own 95 % interval lies beyond +5 %, but not after correcting for 18 comparisons.
    const slow = repeated((run) => (is(run, 'seed', 'http2-single-session') ? 1.08 : 1));
    const c = compareResults(repeated(), slow);
    const row = c.cases.find((k) => k.scenario === 'seed' && k.strategy === 'http2-single-session')!.metrics[0]!;
    expect(row.interval!.low).toBeGreaterThan(0.05);
    expect(row.pValue).toBeLessThan(0.025);
    // Holm: the three smallest p-values are this case's; the smallest is multiplied by m = 18.
    const smallest = Math.min(...c.cases.flatMap((k) => k.metrics.map((m) => m.pValue)));
    expect(Math.min(...c.cases.flatMap((k) => k.metrics.map((m) => m.adjustedP)))).toBeCloseTo(smallest * 18, 12);
    expect(row.adjustedP).toBeGreaterThan(0.025);
    expect(row.verdict).toBe('inconclusive');
    expect(row.repetitionsToDecide).toBeGreaterThan(5);
    expect(gateFailures(c)).toEqual([]);
    const sink = io();
    expect(gateExitCode(c, 0.05, sink)).toBe(0);
    expect(sink.err.join('')).toContain('inconclusive at 5.0 % (not a failure; more repetitions decide)');
    expect(sink.err.join('')).toContain('seed http2-single-session p50 +8.0 %');
  });

  it('is inconclusive, with the repetitions needed, when the interval straddles the threshold', () => {
    const slow = repeated((run) => (is(run, 'burst', 'https-keepalive') ? 1.05 : 1));
    const c = compareResults(repeated(), slow);
    const row = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'https-keepalive')!.metrics[1]!;
    expect(row.interval!.low).toBeLessThan(0.05);
    expect(row.interval!.high).toBeGreaterThan(0.05);
    expect(row.verdict).toBe('inconclusive');
    // Exactly on the line: no number of repetitions decides it.
    expect(row.repetitionsToDecide).toBeNull();
    expect(renderCompareText(c)).toContain('? inconclusive (at the 5 % line)');
  });

  it('does not test with one repetition a side, and says why', () => {
    const one = (r: Results): Results => changed(() => {}, { ...r, runs: r.runs.filter((x) => x.repetition === 0) });
    const c = compareResults(one(fixtureResults()), one(regressed()));
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!;
    expect(undici.metrics.map((m) => m.verdict)).toEqual(['untested', 'untested', 'untested']);
    expect(c.correction!.tests).toBe(0);
    expect(gateFailures(c)).toEqual([]);
    expect(renderCompareText(c)).toContain('untested (1 repetition; needs ≥ 2 a side)');
  });
});

describe('compareResults: counts', () => {
  it('reports every deterministic count change exactly, even with no latency change', () => {
    const fixed = changed((run) => {
      if (!is(run, 'burst', 'undici-h2')) return;
      run.connections.cold = { opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } };
      run.connections.tlsFull = 1;
      run.connections.maxConcurrentStreams = 100;
    });
    const c = compareResults(fixtureResults(), fixed);
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!;
    const exact = (base: number, next: number) => ({ type: 'count', base: { min: base, max: base }, next: { min: next, max: next } });
    expect(undici.counts).toEqual([
      { what: 'connections (cold round)', base: '100', next: '1', kind: 'exact', values: exact(100, 1) },
      { what: 'full TLS handshakes', base: '100', next: '1', kind: 'exact', values: exact(100, 1) },
      { what: 'peak streams per connection', base: '1', next: '100', kind: 'exact', values: exact(1, 100) },
    ]);
    expect(c.cases.filter((k) => k.counts.length > 0)).toHaveLength(1);
    const text = renderCompareText(c);
    expect(text).toContain('⚠ count change: undici-h2 connections (cold round) 100 → 1');
    expect(renderMarkdown({ ...fixed, comparison: c })).toContain('- ⚠ count change: undici-h2 full TLS handshakes 100 → 1');
  });

  it('keeps the protocol and failed requests as raw values, and renders from the values (older files: from the stored text)', () => {
    const downgraded = changed((run) => {
      if (!is(run, 'burst', 'undici-h2')) return;
      run.connections.alpn = { none: run.connections.opened };
      run.requests.failed = 2;
    });
    const c = compareResults(fixtureResults(), downgraded);
    const counts = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!.counts;
    expect(counts.filter((x) => x.what === 'protocol' || x.what === 'failed requests')).toEqual([
      { what: 'protocol', base: 'h2', next: 'http/1.1', kind: 'exact', values: { type: 'protocol', base: 'h2', next: 'none' } },
      { what: 'failed requests', base: '0', next: '4', kind: 'exact', values: { type: 'count', base: { min: 0, max: 0 }, next: { min: 4, max: 4 } } },
    ]);
    expect(renderCompareText(c)).toContain('count change: undici-h2 protocol h2 → http/1.1');
    // The renderers read the numbers; a file written before them shows the text it stored.
    const planted = structuredClone(c);
    const failed = planted.cases.flatMap((k) => k.counts).find((x) => x.what === 'failed requests')!;
    failed.next = 'stale text';
    expect(renderCompareText(planted)).toContain('count change: undici-h2 failed requests 0 → 4');
    delete failed.values;
    expect(renderCompareText(planted)).toContain('count change: undici-h2 failed requests 0 → stale text');
  });

  it('treats racy counts as ranges: overlapping ranges are no change, disjoint ones are', () => {
    const warm = (values: number[]) => (run: CaseResult): void => {
      if (is(run, 'burst', 'https-keepalive')) run.connections.warm = { ...run.connections.warm, opened: values[run.repetition]! };
    };
    const counts = (a: number[], b: number[]) =>
      compareResults(withEdit(warm(a)), withEdit(warm(b))).cases.find(
        (k) => k.scenario === 'burst' && k.strategy === 'https-keepalive',
      )!.counts;
    // The A/A pair of the issue: "1–3 → 1" and "97–100 → 75–100" were reported as changes.
    expect(counts([1, 3, 2, 1, 1], [1, 1, 1, 1, 1])).toEqual([]);
    expect(counts([97, 100, 99, 98, 100], [75, 100, 90, 88, 99])).toEqual([]);
    expect(counts([1, 2, 1, 2, 1], [5, 6, 5, 5, 6])).toEqual([
      { what: 'connections (warm rounds)', base: '1–2', next: '5–6', kind: 'ranges', values: { type: 'count', base: { min: 1, max: 2 }, next: { min: 5, max: 6 } } },
    ]);
    // Deterministic on both sides: any difference is a change.
    expect(counts([0, 0, 0, 0, 0], [1, 1, 1, 1, 1])).toEqual([
      { what: 'connections (warm rounds)', base: '0', next: '1', kind: 'exact', values: { type: 'count', base: { min: 0, max: 0 }, next: { min: 1, max: 1 } } },
    ]);
  });

  it('names cases that are only on one side', () => {
    const fewer = changed(() => {}, { ...fixtureResults(), runs: fixtureResults().runs.filter((r) => r.strategy !== 'https-keepalive') });
    const c = compareResults(fixtureResults(), fewer);
    expect(c.cases.filter((k) => k.status !== 'compared').map((k) => `${k.scenario} ${k.strategy} ${k.status}`)).toEqual([
      'seed https-keepalive only-in-base',
      'burst https-keepalive only-in-base',
    ]);
  });
});

/** repeated() with an edit applied to every run. */
function withEdit(edit: (run: CaseResult) => void): Results {
  const r = repeated();
  for (const run of r.runs) edit(run);
  r.aggregates = aggregate(r.runs);
  return r;
}

describe('baselines belong to a machine', () => {
  const other = (): Results => {
    const r = repeated();
    r.environment = { ...r.environment, cpus: 2, cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz' };
    return r;
  };
  it('warns, naming the differences, when environments differ', () => {
    const next = repeated();
    next.environment = {
      ...next.environment,
      node: 'v22.12.0',
      cpus: 8,
      cpuModel: 'Intel Xeon',
      dependencies: { undici: '7.30.2', got: '14.4.9', 'http2-wrapper': '2.2.4' },
    };
    const c = compareResults(repeated(), next);
    expect(c.environmentDifferences).toEqual([
      'node v20.20.2 → v22.12.0',
      'cpu count 4 → 8',
      'cpu model AMD EPYC 7763 64-Core Processor → Intel Xeon',
      'undici 7.16.0 → 7.30.2',
      'http2-wrapper absent → 2.2.4',
    ]);
    expect(c.machineDifferences).toEqual(['cpu model AMD EPYC 7763 64-Core Processor → Intel Xeon', 'cpu count 4 → 8', 'node v20.20.2 → v22.12.0']);
  });

  it('says when a side was measured on a busy machine', () => {
    const busy = repeated();
    busy.provenance = {
      project: { cwd: '/p', commit: null, dirty: null },
      loadAverage: { start: [8, 0, 0], end: [9, 0, 0] },
      cpuGovernor: null,
      warnings: ['the machine was not idle: load average 8.00 at the start'],
    };
    const c = compareResults(repeated(), busy);
    expect(c.conditions).toEqual(['new: the machine was not idle: load average 8.00 at the start']);
    expect(renderCompareText(c)).toContain('⚠ new: the machine was not idle');
  });

  it('refuses to gate against another CPU, core count or runtime (exit 2, one line) unless overridden', () => {
    const c = compareResults(repeated(), other());
    const sink = io();
    expect(gateExitCode(c, 0.05, sink)).toBe(2);
    expect(sink.err).toEqual([
      'muxbench: not gating: the baseline was measured on another machine (cpu model AMD EPYC 7763 64-Core Processor → Intel(R) Xeon(R) CPU @ 2.20GHz; cpu count 4 → 2); ' +
        'measure a baseline on this runner type, or pass --allow-other-machine to gate anyway\n',
    ]);
    expect(gateExitCode(c, 0.05, io(), true)).toBe(0);
    // Without a gate there is nothing to refuse.
    expect(gateExitCode(c, undefined, io())).toBe(0);
  });
});

/**
 * undici-h2 is made a copy of http2-single-session, 10 % slower (± a little); both drift
 * together by up to ±15 % from repetition to repetition, as a busy machine does.
 */
function drifting(): Results {
  const drift = [0.85, 1.15, 1.0, 0.9, 1.1];
  const r = repeated(() => 1, [0, 0, 0, 0, 0]);
  const h2 = fixtureResults().runs.filter((x) => x.strategy === 'http2-single-session' && x.repetition === 0);
  for (const run of r.runs) {
    const base = h2.find((x) => x.scenario === run.scenario)!;
    const k = drift[run.repetition]! * (run.strategy === 'undici-h2' ? 1.1 * (1 + JITTER[run.repetition]! / 10) : 1);
    run.latencyMs.p50 = base.latencyMs.p50 * k;
    run.latencyMs.p99 = base.latencyMs.p99 * k;
    run.throughputRps = base.throughputRps / k;
  }
  r.aggregates = aggregate(r.runs);
  return r;
}

describe('compareWithin: A against B in one run, over pairs of repetitions', () => {
  it('pairs repetitions, so a shared drift cancels and the 10 % is found', () => {
    const c = compareWithin(drifting(), 'http2-single-session', 'undici-h2');
    expect(c.mode).toBe('paired');
    expect(c.cases.map((k) => k.scenario)).toEqual(['seed', 'burst']);
    expect(c.correction!.tests).toBe(6);
    for (const k of c.cases) {
      expect(k.strategy).toBe('undici-h2 vs http2-single-session');
      for (const m of k.metrics) {
        expect(m.method).toBe('paired');
        expect(m.verdict).toBe('regression');
        expect(m.interval!.low).toBeGreaterThan(0.05);
        expect(m.interval!.high).toBeLessThan(0.15);
      }
    }
    expect(renderCompareText(c)).toContain('over pairs of repetitions');
  });

  it('the same numbers as independent sides cannot decide: the drift swamps the change', () => {
    const r = drifting();
    const side = (id: string): Results => {
      const x = structuredClone(r);
      x.runs = x.runs.filter((run) => run.strategy === id).map((run) => ({ ...run, strategy: 'x' }));
      x.aggregates = aggregate(x.runs);
      return x;
    };
    const c = compareResults(side('http2-single-session'), side('undici-h2'));
    for (const k of c.cases) for (const m of k.metrics) expect(m.verdict).toBe('inconclusive');
  });

  it('pairs runtime variants by strategy when the ids are variant ids', () => {
    const r = drifting();
    const runs = r.runs.filter((x) => x.strategy === 'http2-single-session');
    const variant = (run: CaseResult, id: string, k: number): CaseResult => {
      const copy = structuredClone(run) as CaseResult & { runtime: { id: string; node: string; packages: Record<string, string> } };
      copy.runtime = { id, node: id === 'node20' ? '20.20.2' : '22.21.0', packages: {} };
      copy.latencyMs.p50 *= k;
      copy.latencyMs.p99 *= k;
      copy.throughputRps /= k;
      return copy;
    };
    r.runs = runs.flatMap((run) => [variant(run, 'node20', 1), variant(run, 'node22', 0.8)]);
    r.aggregates = aggregate(r.runs);
    const c = compareWithin(r, 'node20', 'node22');
    expect(c.cases.map((k) => `${k.scenario} ${k.strategy}`)).toEqual(['seed http2-single-session', 'burst http2-single-session']);
    for (const k of c.cases) for (const m of k.metrics) expect(m.verdict).toBe('improvement');
  });
});

describe('compareBase: previous clients against this run\'s (--base-ref), over pairs of repetitions', () => {
  const pairs = [{ base: 'http2-single-session', next: 'undici-h2' }];

  it('finds the 10 % under a shared drift, one row per scenario named by the new id, gated on p50 and throughput', () => {
    const gate = [parseGateRow('*/undici-h2/p50'), parseGateRow('*/undici-h2/throughput')];
    const c = compareBase(drifting(), pairs, { gate, baseLabel: 'v1.4.0', nextLabel: 'this checkout' });
    expect(c.mode).toBe('paired');
    expect(c.base.label).toBe('v1.4.0');
    expect(c.cases.map((k) => `${k.scenario} ${k.strategy}`)).toEqual(['seed undici-h2', 'burst undici-h2']);
    expect(c.correction!.tests).toBe(4);
    for (const k of c.cases) {
      for (const m of k.metrics) {
        expect(m.method).toBe('paired');
        expect(m.gated).toBe(m.metric !== 'p99');
        expect(m.verdict).toBe('regression');
      }
    }
  });

  it('pairs by repetition: the same runs with the new side\'s repetitions shuffled cannot decide', () => {
    const r = drifting();
    const shuffle = [2, 0, 4, 1, 3];
    for (const run of r.runs) if (run.strategy === 'undici-h2') run.repetition = shuffle[run.repetition]!;
    for (const k of compareBase(r, pairs).cases) for (const m of k.metrics) expect(m.verdict).not.toBe('regression');
  });

  it('a gate row may name the previous version\'s id', () => {
    const c = compareBase(drifting(), pairs, { gate: [parseGateRow('burst/http2-single-session/p50')] });
    expect(c.correction!.tests).toBe(1);
    expect(c.cases.find((k) => k.scenario === 'burst')!.metrics.find((m) => m.metric === 'p50')!.gated).toBe(true);
  });
});

describe('renderCompareText', () => {
  it('renders the regression', () => {
    const slow = repeated((run) => (is(run, 'burst', 'undici-h2') ? 1.3 : 1));
    const c = compareResults(repeated(), slow, { baseLabel: 'baseline.json', nextLabel: 'new.json' });
    c.cases = c.cases.filter((k) => k.scenario === 'burst');
    expect(renderCompareText(c)).toMatchInlineSnapshot(`
      "compare: new.json (2025-01-15T10:00:00.000Z) against baseline.json (2025-01-15T10:00:00.000Z); intervals of the slowdown (ratio of geometric means; t on log ratios over independent repetitions, Welch–Satterthwaite df) at the level each verdict used; gated: every latency and throughput row (no gate declared); regression = a gated row's interval wholly beyond +5 % at its Holm–Bonferroni level over 18 gated comparisons (family-wise error ≤ 2.5 %); rows not gated are reported at 95 %; fixed-sample decision (repetitions were not added on the verdict)

      burst
      ┌──────────────────────┬────────────────────┬────────────┬────────────┬─────────────────────────────────┬──────────┬─────────────────────────────┐
      │ strategy             │ metric             │   baseline │        new │  slowdown [CI the verdict used] │ p (Holm) │ verdict                     │
      ├──────────────────────┼────────────────────┼────────────┼────────────┼─────────────────────────────────┼──────────┼─────────────────────────────┤
      │ http2-single-session │ p50 [ms]           │ 14.2 ± 0.2 │ 14.2 ± 0.2 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      │ http2-single-session │ p99 [ms]           │ 22.8 ± 0.3 │ 22.8 ± 0.3 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      │ http2-single-session │ throughput [req/s] │ 6,012 ± 88 │ 6,012 ± 88 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      │ undici-h2            │ p50 [ms]           │ 31.5 ± 0.5 │ 41.0 ± 0.6 │ +30.0 % [+25.0, +35.2] @ 99.7 % │  < 0.001 │ ✗ regression, 30.0 % slower │
      │ undici-h2            │ p99 [ms]           │ 88.4 ± 1.3 │    115 ± 2 │ +30.0 % [+25.0, +35.2] @ 99.7 % │  < 0.001 │ ✗ regression, 30.0 % slower │
      │ undici-h2            │ throughput [req/s] │ 2,710 ± 40 │ 2,085 ± 30 │ +30.0 % [+25.1, +35.1] @ 99.7 % │  < 0.001 │ ✗ regression, 30.0 % slower │
      │ https-keepalive      │ p50 [ms]           │ 27.9 ± 0.4 │ 27.9 ± 0.4 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      │ https-keepalive      │ p99 [ms]           │ 61.2 ± 0.9 │ 61.2 ± 0.9 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      │ https-keepalive      │ throughput [req/s] │ 3,120 ± 45 │ 3,120 ± 45 │    ±0.0 % [−3.7, +3.9] @ 99.7 % │    1.000 │ ok (< 5 % slower)           │
      └──────────────────────┴────────────────────┴────────────┴────────────┴─────────────────────────────────┴──────────┴─────────────────────────────┘
      "
    `);
  });
});

describe('renderCompareMarkdown', () => {
  it('renders the regression with a count change and an environment warning', () => {
    const next = repeated((run) => (is(run, 'burst', 'undici-h2') ? 1.3 : 1));
    next.environment = { ...next.environment, node: 'v20.21.0' };
    for (const run of next.runs) if (is(run, 'seed', 'undici-h2')) run.connections.cold = { ...run.connections.cold, opened: 1 };
    next.aggregates = aggregate(next.runs);
    const base = withEdit((run) => {
      if (is(run, 'seed', 'undici-h2')) run.connections.cold = { ...run.connections.cold, opened: 2 + (run.repetition % 2) };
    });
    const c = compareResults(base, next, { baseLabel: 'results/baseline.json', nextLabel: 'this run' });
    c.cases = c.cases.filter((k) => k.strategy === 'undici-h2');
    expect(renderCompareMarkdown(c).join('\n')).toMatchInlineSnapshot(`
      "## Compared with results/baseline.json

      this run (2025-01-15T10:00:00.000Z) against results/baseline.json (2025-01-15T10:00:00.000Z); intervals of the slowdown (ratio of geometric means; t on log ratios over independent repetitions, Welch–Satterthwaite df) at the level each verdict used; gated: every latency and throughput row (no gate declared); regression = a gated row's interval wholly beyond +5 % at its Holm–Bonferroni level over 18 gated comparisons (family-wise error ≤ 2.5 %); rows not gated are reported at 95 %; fixed-sample decision (repetitions were not added on the verdict).

      > ⚠ environments differ, so part of any change may come from them: node v20.20.2 → v20.21.0

      ### seed against results/baseline.json

      | strategy | metric | baseline | new | slowdown [CI the verdict used] | p (Holm) | verdict |
      | --- | --- | ---: | ---: | ---: | ---: | --- |
      | undici-h2 | p50 [ms] | 10.6 ± 0.2 | 10.6 ± 0.2 | ±0.0 % [−3.7, +3.9] @ 99.7 % | 1.000 | ok (< 5 % slower) |
      | undici-h2 | p99 [ms] | 16.4 ± 0.2 | 16.4 ± 0.2 | ±0.0 % [−3.7, +3.9] @ 99.7 % | 1.000 | ok (< 5 % slower) |
      | undici-h2 | throughput [req/s] | 181 ± 3 | 181 ± 3 | ±0.0 % [−3.7, +3.9] @ 99.7 % | 1.000 | ok (< 5 % slower) |

      - ⚠ count change: undici-h2 connections (cold round) 2–3 → 1 (varies between repetitions; the ranges do not overlap)

      ### burst against results/baseline.json

      | strategy | metric | baseline | new | slowdown [CI the verdict used] | p (Holm) | verdict |
      | --- | --- | ---: | ---: | ---: | ---: | --- |
      | undici-h2 | p50 [ms] | 31.5 ± 0.5 | 41.0 ± 0.6 | +30.0 % [+25.0, +35.2] @ 99.7 % | < 0.001 | ✗ regression, 30.0 % slower |
      | undici-h2 | p99 [ms] | 88.4 ± 1.3 | 115 ± 2 | +30.0 % [+25.0, +35.2] @ 99.7 % | < 0.001 | ✗ regression, 30.0 % slower |
      | undici-h2 | throughput [req/s] | 2,710 ± 40 | 2,085 ± 30 | +30.0 % [+25.1, +35.1] @ 99.7 % | < 0.001 | ✗ regression, 30.0 % slower |"
    `);
  });
});

describe('muxbench compare', () => {
  let dir = '';
  let base = '';
  let next = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muxbench-compare-'));
    base = join(dir, 'base.json');
    next = join(dir, 'new.json');
    await writeFile(base, renderJson(repeated()));
    await writeFile(next, renderJson(repeated((run) => (is(run, 'burst', 'undici-h2') ? 1.3 : 1))));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 on a regression above --fail-on-regression, 0 without the flag', async () => {
    const a = io();
    expect(await main(['compare', base, next, '--fail-on-regression', '5%'], a)).toBe(1);
    expect(a.out.join('')).toContain('✗ regression, 30.0 % slower');
    expect(a.err).toHaveLength(3);
    const b = io();
    expect(await main(['compare', base, next], b)).toBe(0);
    expect(b.err).toEqual([]);
    const c = io();
    expect(await main(['compare', base, base, '--fail-on-regression', '1%'], c)).toBe(0);
  });

  it('prints JSON with --json', async () => {
    const a = io();
    expect(await main(['compare', base, next, '--json'], a)).toBe(0);
    const parsed = JSON.parse(a.out.join('')) as { cases: unknown[]; alpha: number };
    expect(parsed.cases).toHaveLength(6);
    expect(parsed.alpha).toBe(0.025);
  });

  it('says in one line what is wrong with a bad file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    const v2 = join(dir, 'v2.json');
    await writeFile(v2, JSON.stringify({ ...fixtureResults(), schemaVersion: 2 }));
    const cases: Array<[string[], number, RegExp]> = [
      [['compare', join(dir, 'missing.json'), next], 2, /^muxbench: cannot read results file .*missing\.json: no such file; pass a \.json written by 'muxbench run'/],
      [['compare', bad, next], 1, /^muxbench: .*bad\.json is not JSON \(/],
      [['compare', v2, next], 1, /^muxbench: .*v2\.json has schemaVersion 2, this muxbench reads 1; re-run the baseline with this version\n$/],
      [['compare', base], 2, /^muxbench: compare needs exactly two results files/],
      [['compare', base, next, '--fail-on-regression', 'lots'], 2, /^muxbench: --fail-on-regression must be a percentage above 0, like 5%, got 'lots'/],
    ];
    for (const [args, code, message] of cases) {
      const sink = io();
      expect(await main(args, sink)).toBe(code);
      expect(sink.out).toEqual([]);
      expect(sink.err).toHaveLength(1);
      expect(sink.err[0]).toMatch(message);
      expect(sink.err[0]!.trim().split('\n')).toHaveLength(1);
    }
  });
});
