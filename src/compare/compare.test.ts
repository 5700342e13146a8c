import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { gateExitCode } from '../commands/compare.js';
import { fixtureResults } from '../report/fixture.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import type { CaseResult, Results } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { compareResults, gateFailures } from './compare.js';
import { renderCompareText } from './render-text.js';
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

describe('compareResults', () => {
  it('finds nothing between a file and itself', () => {
    const c = compareResults(fixtureResults(), fixtureResults());
    expect(c.environmentDifferences).toEqual([]);
    expect(c.setupDifferences).toEqual([]);
    expect(c.cases).toHaveLength(6);
    for (const k of c.cases) {
      expect(k.status).toBe('compared');
      expect(k.counts).toEqual([]);
      expect(k.metrics.map((m) => [m.verdict, m.pValue, m.speed.ratio])).toEqual([
        ['no significant change', 1, 1],
        ['no significant change', 1, 1],
        ['no significant change', 1, 1],
      ]);
    }
    expect(gateFailures(c, 0.05)).toEqual([]);
  });

  it('flags a real regression and fails the gate', () => {
    const c = compareResults(fixtureResults(), regressed());
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2');
    const [p50, p99, rps] = undici!.metrics;
    expect(p50!.verdict).toBe('no significant change');
    expect(p99!.verdict).toBe('regression');
    expect(p99!.slowdown).toBeCloseTo(0.3, 2);
    expect(p99!.pValue).toBeLessThan(0.05);
    expect(rps!.verdict).toBe('regression');
    expect(rps!.slowdown).toBeCloseTo(0.25, 2); // 1 / 0.8 - 1
    // Every other case is untouched.
    const others = c.cases.filter((k) => k !== undici).flatMap((k) => k.metrics.map((m) => m.verdict));
    expect(new Set(others)).toEqual(new Set(['no significant change']));

    const failures = gateFailures(c, 0.05);
    expect(failures.map((f) => `${f.strategy} ${f.change.metric}`)).toEqual(['undici-h2 p99', 'undici-h2 throughput']);
    // A gate above the regression lets it pass: 30 % and 25 % are below 40 %.
    expect(gateFailures(c, 0.4)).toEqual([]);
    const sink = io();
    expect(gateExitCode(c, 0.05, sink)).toBe(1);
    // scipy.stats.ttest_ind(equal_var=False): p99 p = 0.02158, throughput p = 0.01332.
    expect(sink.err.join('')).toMatchInlineSnapshot(`
      "muxbench: regression above 5.0 %: burst undici-h2 p99 30.0 % slower (p = 0.022)
      muxbench: regression above 5.0 %: burst undici-h2 throughput 25.0 % slower (p = 0.013)
      "
    `);
    expect(gateExitCode(c, undefined, sink)).toBe(0);
  });

  it('does not flag noise within the spread across repetitions', () => {
    // http2-single-session on burst: p50 14.2/14.6 → 14.6/14.1, p99 22.8/23.9 → 23.9/22.6: shuffled, slightly moved.
    const noisy = changed((run) => {
      if (!is(run, 'burst', 'http2-single-session')) return;
      run.latencyMs.p50 = run.repetition === 0 ? 14.6 : 14.1;
      run.latencyMs.p99 = run.repetition === 0 ? 23.9 : 22.6;
      run.throughputRps = run.repetition === 0 ? 5870 : 6030;
    });
    const c = compareResults(fixtureResults(), noisy);
    const h2 = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'http2-single-session')!;
    expect(h2.metrics.map((m) => m.verdict)).toEqual(['no significant change', 'no significant change', 'no significant change']);
    expect(h2.metrics.every((m) => m.pValue > 0.5)).toBe(true);
    expect(gateFailures(c, 0.01)).toEqual([]);
  });

  it('does not test with one repetition a side, and says why', () => {
    const one = (r: Results): Results => changed(() => {}, { ...r, runs: r.runs.filter((x) => x.repetition === 0) });
    const c = compareResults(one(fixtureResults()), one(regressed()));
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!;
    expect(undici.metrics.map((m) => m.verdict)).toEqual(['untested', 'untested', 'untested']);
    expect(gateFailures(c, 0.05)).toEqual([]);
    expect(renderCompareText(c)).toContain('untested (1 repetition; needs ≥ 2 a side)');
    expect(renderCompareText(c)).toContain(
      '⚠ 6 cases have fewer than 2 repetitions on a side, so no significance test and no gate: run both sides with --repetitions 3 or more',
    );
  });

  it('reports every connection-count change, even with no latency change', () => {
    const fixed = changed((run) => {
      if (!is(run, 'burst', 'undici-h2')) return;
      run.connections.cold = { opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } };
      run.connections.tlsFull = 1;
      run.connections.maxConcurrentStreams = 100;
    });
    const c = compareResults(fixtureResults(), fixed);
    const undici = c.cases.find((k) => k.scenario === 'burst' && k.strategy === 'undici-h2')!;
    expect(undici.counts).toEqual([
      { what: 'connections (cold round)', base: '100', next: '1' },
      { what: 'full TLS handshakes', base: '100', next: '1' },
      { what: 'peak streams per connection', base: '1', next: '100' },
    ]);
    expect(c.cases.filter((k) => k.counts.length > 0)).toHaveLength(1);
    const text = renderCompareText(c);
    expect(text).toContain('⚠ count change: undici-h2 connections (cold round) 100 → 1');
    expect(renderMarkdown({ ...fixed, comparison: c })).toContain('- ⚠ count change: undici-h2 full TLS handshakes 100 → 1');
  });

  it('warns, naming the differences, when environments differ', () => {
    const other = fixtureResults();
    other.environment = {
      ...other.environment,
      node: 'v22.12.0',
      cpus: 8,
      cpuModel: 'Intel Xeon',
      dependencies: { undici: '7.30.2', got: '14.4.9', 'http2-wrapper': '2.2.4' },
    };
    const c = compareResults(fixtureResults(), other);
    expect(c.environmentDifferences).toEqual([
      'node v20.20.2 → v22.12.0',
      'cpu count 4 → 8',
      'cpu model AMD EPYC 7763 64-Core Processor → Intel Xeon',
      'undici 7.16.0 → 7.30.2',
      'http2-wrapper absent → 2.2.4',
    ]);
    expect(renderCompareText(c).split('\n')[2]).toBe(
      '⚠ environments differ, so part of any change may come from them: node v20.20.2 → v22.12.0; cpu count 4 → 8; ' +
        'cpu model AMD EPYC 7763 64-Core Processor → Intel Xeon; undici 7.16.0 → 7.30.2; http2-wrapper absent → 2.2.4',
    );
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

describe('renderCompareText', () => {
  it('renders the regression fixture', () => {
    const c = compareResults(fixtureResults(), regressed(), { baseLabel: 'baseline.json', nextLabel: 'new.json' });
    c.cases = c.cases.filter((k) => k.scenario === 'burst');
    expect(renderCompareText(c)).toMatchInlineSnapshot(`
      "compare: new.json (2025-01-15T10:00:00.000Z) against baseline.json (2025-01-15T10:00:00.000Z); Welch's t-test across repetitions, significant at p < 0.05

      burst
      ┌──────────────────────┬────────────────────┬────────────┬────────────┬───────────────────────────┬───────────┬─────────────────────────────┐
      │ strategy             │ metric             │   baseline │        new │           new vs baseline │ p (Welch) │ verdict                     │
      ├──────────────────────┼────────────────────┼────────────┼────────────┼───────────────────────────┼───────────┼─────────────────────────────┤
      │ http2-single-session │ p50 [ms]           │ 14.4 ± 0.3 │ 14.4 ± 0.3 │ 1.00 ± 0.03× (same speed) │     1.000 │ no significant change       │
      │ http2-single-session │ p99 [ms]           │ 23.4 ± 0.8 │ 23.4 ± 0.8 │ 1.00 ± 0.05× (same speed) │     1.000 │ no significant change       │
      │ http2-single-session │ throughput [req/s] │ 5,951 ± 86 │ 5,951 ± 86 │ 1.00 ± 0.02× (same speed) │     1.000 │ no significant change       │
      │ undici-h2            │ p50 [ms]           │ 30.6 ± 1.2 │ 30.6 ± 1.2 │ 1.00 ± 0.06× (same speed) │     1.000 │ no significant change       │
      │ undici-h2            │ p99 [ms]           │ 86.3 ± 3.0 │    112 ± 4 │       1.30 ± 0.06× slower │     0.022 │ ✗ regression, 30.0 % slower │
      │ undici-h2            │ throughput [req/s] │ 2,757 ± 66 │ 2,205 ± 52 │       1.25 ± 0.04× slower │     0.013 │ ✗ regression, 25.0 % slower │
      │ https-keepalive      │ p50 [ms]           │ 28.1 ± 0.3 │ 28.1 ± 0.3 │ 1.00 ± 0.01× (same speed) │     1.000 │ no significant change       │
      │ https-keepalive      │ p99 [ms]           │ 62.1 ± 1.3 │ 62.1 ± 1.3 │ 1.00 ± 0.03× (same speed) │     1.000 │ no significant change       │
      │ https-keepalive      │ throughput [req/s] │ 3,104 ± 23 │ 3,104 ± 23 │ 1.00 ± 0.01× (same speed) │     1.000 │ no significant change       │
      └──────────────────────┴────────────────────┴────────────┴────────────┴───────────────────────────┴───────────┴─────────────────────────────┘
      "
    `);
  });
});

describe('renderCompareMarkdown', () => {
  it('renders the regression with a count change and an environment warning', () => {
    const next = regressed();
    next.environment = { ...next.environment, node: 'v20.21.0' };
    for (const run of next.runs) if (is(run, 'seed', 'undici-h2')) run.connections.cold = { ...run.connections.cold, opened: 1 };
    next.aggregates = aggregate(next.runs);
    const c = compareResults(fixtureResults(), next, { baseLabel: 'results/baseline.json', nextLabel: 'this run' });
    c.cases = c.cases.filter((k) => k.strategy === 'undici-h2');
    expect(renderCompareMarkdown(c).join('\n')).toMatchInlineSnapshot(`
      "## Compared with results/baseline.json

      this run (2025-01-15T10:00:00.000Z) against results/baseline.json (2025-01-15T10:00:00.000Z); Welch's t-test across repetitions, significant at p < 0.05.

      > ⚠ environments differ, so part of any change may come from them: node v20.20.2 → v20.21.0

      ### seed against results/baseline.json

      | strategy | metric | baseline | new | new vs baseline | p (Welch) | verdict |
      | --- | --- | ---: | ---: | ---: | ---: | --- |
      | undici-h2 | p50 [ms] | 10.6 ± 0.0 | 10.6 ± 0.0 | 1.00 ± 0.00× (same speed) | 1.000 | no significant change |
      | undici-h2 | p99 [ms] | 16.3 ± 0.1 | 16.3 ± 0.1 | 1.00 ± 0.01× (same speed) | 1.000 | no significant change |
      | undici-h2 | throughput [req/s] | 180 ± 1 | 180 ± 1 | 1.00 ± 0.01× (same speed) | 1.000 | no significant change |

      - ⚠ count change: undici-h2 connections (cold round) 2–3 → 1

      ### burst against results/baseline.json

      | strategy | metric | baseline | new | new vs baseline | p (Welch) | verdict |
      | --- | --- | ---: | ---: | ---: | ---: | --- |
      | undici-h2 | p50 [ms] | 30.6 ± 1.2 | 30.6 ± 1.2 | 1.00 ± 0.06× (same speed) | 1.000 | no significant change |
      | undici-h2 | p99 [ms] | 86.3 ± 3.0 | 112 ± 4 | 1.30 ± 0.06× slower | 0.022 | ✗ regression, 30.0 % slower |
      | undici-h2 | throughput [req/s] | 2,757 ± 66 | 2,205 ± 52 | 1.25 ± 0.04× slower | 0.013 | ✗ regression, 25.0 % slower |"
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
    await writeFile(base, renderJson(fixtureResults()));
    await writeFile(next, renderJson(regressed()));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 on a significant regression above --fail-on-regression, 0 without the flag', async () => {
    const a = io();
    expect(await main(['compare', base, next, '--fail-on-regression', '5%'], a)).toBe(1);
    expect(a.out.join('')).toContain('✗ regression, 30.0 % slower');
    expect(a.err).toHaveLength(2);
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
    expect(parsed.alpha).toBe(0.05);
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
