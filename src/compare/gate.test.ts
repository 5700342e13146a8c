/**
 * Gated rows and intervals that agree with verdicts: the correction counts only what the
 * gate guards, rows outside it cannot fail the gate, and the interval printed beside a
 * verdict is the one the decision used.
 */
import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { CaseResult, Results } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { holmAdjust } from '../stats/holm.js';
import { UsageError } from '../errors.js';
import { compareResults, compareWithin, gateFailures } from './compare.js';
import { checkGateMatches, isGated, parseGateRow } from '../gate-rows.js';
import { holmTails } from '../stats/holm.js';
import { renderCompareText } from '../report/compare-text.js';
import { fmtLevel, fmtSlowdown } from '../report/compare-rows.js';
import type { MetricChange } from '../results/comparison.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fixture's repetition-0 runs, `n` repetitions, each value scaled by the row's
 * slowdown and a random jitter; CPU per request recorded on every run.
 */
function measured(n: number, seed: number, spread: number, slow: (run: CaseResult) => number = () => 1): Results {
  const next = random(seed);
  const results = fixtureResults();
  const runs: CaseResult[] = [];
  for (let rep = 0; rep < n; rep++) {
    for (const run of results.runs.filter((r) => r.repetition === 0)) {
      const copy = structuredClone(run);
      copy.repetition = rep;
      const k = slow(copy);
      const j = () => 1 + (next() - 0.5) * 2 * spread;
      copy.latencyMs.p50 = run.latencyMs.p50 * k * j();
      copy.latencyMs.p99 = run.latencyMs.p99 * k * j();
      copy.throughputRps = (run.throughputRps / k) * j();
      const us = 30 * k * j();
      copy.cpu = { client: { usPerRequest: us, totalUs: us * 100, requests: 100 }, server: { usPerRequest: 12 * j(), totalUs: 1200, requests: 100 } };
      runs.push(copy);
    }
  }
  results.runs = runs;
  results.aggregates = aggregate(runs);
  return results;
}

const rows = (c: ReturnType<typeof compareResults>): Array<MetricChange & { scenario: string; strategy: string }> =>
  c.cases.flatMap((k) => k.metrics.map((m) => ({ ...m, scenario: k.scenario, strategy: k.strategy })));

describe('parseGateRow', () => {
  it('reads scenario/strategy/metric, * for any scenario or strategy', () => {
    expect(parseGateRow('burst/my-client/p50')).toEqual({ scenario: 'burst', strategy: 'my-client', metric: 'p50', text: 'burst/my-client/p50' });
    expect(parseGateRow(' */undici-h2/cpu.client ')).toMatchObject({ scenario: '*', metric: 'cpu.client' });
  });
  it.each([
    ['burst/my-client', /expected scenario\/strategy\/metric/],
    ['burst/my-client/p95', /unknown metric 'p95'; a gate takes p50, p99, throughput, cpu.client, cpu.server/],
    ['burst/$x/p50', /is not 'scenario\/strategy'/],
  ])('%s is one usage line', (raw, message) => {
    expect(() => parseGateRow(raw)).toThrow(UsageError);
    expect(() => parseGateRow(raw)).toThrow(message);
  });
  it('a gate that names nothing planned is refused', () => {
    expect(() => checkGateMatches([parseGateRow('brust/x/p50')], ['burst'], ['x'])).toThrow("--gate 'brust/x/p50': scenario 'brust' is not in this run (burst)");
    expect(() => checkGateMatches([parseGateRow('burst/y/p50')], ['burst'], ['x'])).toThrow("strategy 'y' is not in this run (x)");
    expect(() => checkGateMatches([parseGateRow('*/x/p50')], ['burst'], ['x'])).not.toThrow();
  });
  it('without a gate, latency and throughput are gated and CPU is reported', () => {
    expect(isGated(undefined, 'burst', ['x'], 'p99')).toBe(true);
    expect(isGated(undefined, 'burst', ['x'], 'cpu.client')).toBe(false);
    expect(isGated([parseGateRow('burst/x/cpu.client')], 'burst', ['x'], 'cpu.client')).toBe(true);
    expect(isGated([parseGateRow('burst/x/cpu.client')], 'burst', ['x'], 'p50')).toBe(false);
  });
});

describe('holmTails', () => {
  it('rejects exactly what holmAdjust rejects, and a row not rejected gets the stopping step', () => {
    const next = random(7);
    for (let trial = 0; trial < 500; trial++) {
      const m = 1 + Math.floor(next() * 30);
      const p = Array.from({ length: m }, () => (next() < 0.3 ? next() * 0.01 : next()));
      const tails = holmTails(p, 0.025);
      const adjusted = holmAdjust(p);
      for (let i = 0; i < m; i++) expect(p[i]! <= tails[i]!, `trial ${trial} row ${i}`).toBe(adjusted[i]! <= 0.025);
    }
  });
});

describe('the correction counts only gated comparisons', () => {
  const base = measured(5, 1, 0.02);
  const next = measured(5, 2, 0.02);
  it('no gate: every latency and throughput row (CPU rows are reported, not gated)', () => {
    const c = compareResults(base, next);
    const all = rows(c);
    expect(all.filter((m) => m.metric.startsWith('cpu.'))).toHaveLength(12);
    expect(c.correction?.tests).toBe(18);
    expect(all.filter((m) => m.gated).length).toBe(18);
    expect(all.filter((m) => m.metric.startsWith('cpu.')).every((m) => m.gated === false && Number.isNaN(m.adjustedP))).toBe(true);
    expect(c.gate).toBeUndefined();
    expect(c.stopping).toBe('fixed-sample');
  });
  it('a gate of two rows: 2 comparisons, every other row reported', () => {
    const gate = [parseGateRow('burst/undici-h2/p50'), parseGateRow('burst/undici-h2/cpu.client')];
    const c = compareResults(base, next, { gate });
    expect(c.correction?.tests).toBe(2);
    expect(c.gate).toEqual(['burst/undici-h2/p50', 'burst/undici-h2/cpu.client']);
    expect(rows(c).filter((m) => m.gated).map((m) => `${m.scenario}/${m.strategy}/${m.metric}`)).toEqual(['burst/undici-h2/p50', 'burst/undici-h2/cpu.client']);
    const text = renderCompareText(c);
    expect(text).toContain("gated: the gate's 2 rows (burst/undici-h2/p50, burst/undici-h2/cpu.client)");
    expect(text).toContain('gate: 2 gated rows, 2 comparisons in the correction');
    expect(text).toMatch(/burst\/undici-h2\/p50: could flag a slowdown of \+\d+\.\d % or more/);
    expect(text).toContain('(reported, not gated)');
  });
  it('a 10 % slowdown of one row: gated alone it fails the gate; ungated it is reported and does not', () => {
    const slow = measured(8, 3, 0.01, (run) => (run.scenario === 'burst' && run.strategy === 'undici-h2' ? 1.1 : 1));
    const same = measured(8, 4, 0.01);
    const gated = compareResults(same, slow, { gate: [parseGateRow('burst/undici-h2/cpu.client')] });
    expect(gateFailures(gated).map((f) => `${f.scenario}/${f.strategy}/${f.change.metric}`)).toEqual(['burst/undici-h2/cpu.client']);
    const other = compareResults(same, slow, { gate: [parseGateRow('seed/undici-h2/p50')] });
    expect(gateFailures(other)).toEqual([]);
    // The same row, not gated: its verdict is still shown, at 95 %.
    const row = rows(other).find((m) => m.scenario === 'burst' && m.strategy === 'undici-h2' && m.metric === 'cpu.client');
    expect(row?.gated).toBe(false);
    expect(row?.decisionInterval?.level).toBeCloseTo(0.95, 12);
  });
  it('--a/--b: a gate row names either id', () => {
    const results = measured(4, 5, 0.02);
    const c = compareWithin(results, 'undici-h2', 'http2-single-session', { gate: [parseGateRow('burst/http2-single-session/throughput')] });
    expect(c.correction?.tests).toBe(1);
  });
});

describe('the printed interval is the one the verdict used', () => {
  it('an interval wholly beyond the threshold is a regression, never inconclusive; one across it is never a regression', () => {
    let beyond = 0;
    let across = 0;
    for (let seed = 0; seed < 30; seed++) {
      const size = 1 + (seed % 6) * 0.03;
      const slow = measured(3 + (seed % 4), 100 + seed, 0.02 + (seed % 5) * 0.02, (run) => (run.strategy === 'undici-h2' ? size : 1));
      const base = measured(3 + (seed % 4), 200 + seed, 0.02 + (seed % 5) * 0.02);
      const gate = seed % 2 === 0 ? undefined : [parseGateRow('*/undici-h2/p50'), parseGateRow('*/*/cpu.client')];
      const c = compareResults(base, slow, { ...(gate ? { gate } : {}) });
      const text = renderCompareText(c);
      for (const m of rows(c)) {
        const shown = m.decisionInterval;
        if (!shown) continue;
        if (shown.low > 0.05) {
          beyond++;
          expect(m.verdict, JSON.stringify(m)).toBe('regression');
        } else if (shown.high >= 0.05) {
          across++;
          expect(m.verdict, JSON.stringify(m)).not.toBe('regression');
        }
        // And what is printed is that interval, with its level.
        expect(text).toContain(fmtSlowdown(m));
        expect(fmtSlowdown(m)).toContain(`@ ${fmtLevel(shown.level)}`);
      }
    }
    expect(beyond).toBeGreaterThan(10);
    expect(across).toBeGreaterThan(10);
  });

  it('the seed row of the report: beyond 5 % at 95 % but not at its Holm level prints the Holm interval', () => {
    const slow = measured(3, 11, 0.05, (run) => (run.strategy === 'undici-h2' ? 1.16 : 1));
    const base = measured(3, 12, 0.05);
    const c = compareResults(base, slow);
    const inconclusive = rows(c).filter((m) => m.verdict === 'inconclusive' && m.interval!.low > 0.05);
    expect(inconclusive.length).toBeGreaterThan(0);
    for (const m of inconclusive) {
      expect(m.decisionInterval!.low).toBeLessThanOrEqual(0.05);
      expect(m.decisionInterval!.level).toBeGreaterThan(0.95);
    }
  });
});

describe('--gate and "gate" in muxbench.config.json', () => {
  it('compare --gate: the heading names the gate and the correction; a bad row is one line, exit 2', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'muxbench-gate-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify(measured(4, 1, 0.02)));
    writeFileSync(b, JSON.stringify(measured(4, 2, 0.02, (run) => (run.scenario === 'burst' && run.strategy === 'undici-h2' ? 1.3 : 1))));
    const out: string[] = [];
    const err: string[] = [];
    const sink = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
    const code = await main(['compare', a, b, '--fail-on-regression', '5%', '--gate', 'burst/undici-h2/p50', '--gate', 'seed/undici-h2/cpu.client'], sink);
    expect(code).toBe(1);
    expect(out.join('')).toContain('gate: 2 gated rows, 2 comparisons in the correction');
    expect(err.join('')).toMatch(/regression above 5\.0 %: burst undici-h2 p50 .* over 2 comparisons/);
    err.length = 0;
    expect(await main(['compare', a, b, '--gate', 'burst/undici-h2'], sink)).toBe(2);
    expect(err).toEqual(["muxbench: --gate 'burst/undici-h2': expected scenario/strategy/metric, e.g. --gate burst/my-client/p50 (scenario/strategy/metric; * for any scenario or strategy) (see 'muxbench --help')\n"]);
  });

  it('the config file takes "gate" next to "thresholds"; --gate replaces it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { outputConfig } = await import('../config-output.js');
    const cwd = mkdtempSync(join(tmpdir(), 'muxbench-gate-cfg-'));
    writeFileSync(join(cwd, 'muxbench.config.json'), JSON.stringify({ gate: ['burst/my-client/p50', 'burst/my-client/cpu.client'] }));
    expect(outputConfig({}, cwd).gate.map((g) => g.text)).toEqual(['burst/my-client/p50', 'burst/my-client/cpu.client']);
    expect(outputConfig({ gate: ['seed/x/p99'] }, cwd).gate.map((g) => g.text)).toEqual(['seed/x/p99']);
    writeFileSync(join(cwd, 'muxbench.config.json'), JSON.stringify({ gate: 'burst/my-client/p50' }));
    expect(() => outputConfig({}, cwd)).toThrow(/"gate" must be a non-empty array of "scenario\/strategy\/metric" strings/);
    writeFileSync(join(cwd, 'muxbench.config.json'), JSON.stringify({ gate: ['burst/my-client/p95'] }));
    expect(() => outputConfig({}, cwd)).toThrow(/muxbench\.config\.json gate 'burst\/my-client\/p95': unknown metric 'p95'/);
  });
});
