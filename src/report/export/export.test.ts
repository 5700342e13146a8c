/**
 * The exports validate against the shapes their consumers document:
 * - CSV: RFC 4180 (header row, same field count in every record, CRLF line breaks,
 *   fields with a comma, quote or line break quoted and inner quotes doubled);
 * - github-action-benchmark's custom tools: a JSON array of { name: string, unit:
 *   string, value: number, range?: string, extra?: string } (its BenchmarkResult);
 * - Bencher Metric Format: { benchmark: { measure: { value: number, lower_value?:
 *   number, upper_value?: number } } } (its JSON schema: `value` required, numbers).
 * The shape checks are written here, not taken from a library, and the values are
 * checked against the results they came from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../results.js';
import { fixtureResults } from '../../../test/support/report-fixture.js';
import { COST_METRIC_IDS, METRICS, metricContext } from '../metrics.js';
import { bmfOf, renderBmf } from './bmf.js';
import { CSV_HEADER, csvField, renderCsv } from './csv.js';
import { benchmarkEntries, biggerFile, renderGithubBenchmark } from './github-benchmark.js';
import { exportFiles, exportPaths } from './registry.js';
import { measuredRuntimes } from '../runtimes.js';

const baseline = (): Results => JSON.parse(readFileSync(new URL('../../../results/baseline.json', import.meta.url), 'utf8')) as Results;

/** An RFC 4180 parser that refuses what the RFC does not allow (bare quotes, LF-only line ends). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  if (!text.endsWith('\r\n')) throw new Error('the last record must end with CRLF');
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const c = text[i];
          if (c === undefined) throw new Error('unterminated quoted field');
          if (c === '"' && text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            field += c;
            i++;
          }
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`bare quote at ${i}`);
          field += text[i];
          i++;
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') {
        i += 2;
        break;
      }
      throw new Error(`expected a comma or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
    }
    records.push(record);
  }
  return records;
}

/** Values are rounded to 6 significant digits: equal to 1 part in 10^5. */
function expectRelative(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-5);
}

function assertBenchmarkShape(data: unknown): asserts data is Array<Record<string, unknown>> {
  expect(Array.isArray(data)).toBe(true);
  for (const entry of data as unknown[]) {
    expect(typeof entry === 'object' && entry !== null && !Array.isArray(entry)).toBe(true);
    const e = entry as Record<string, unknown>;
    expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).toBe(true);
    expect(typeof e['name']).toBe('string');
    expect(typeof e['unit']).toBe('string');
    expect(typeof e['value'] === 'number' && Number.isFinite(e['value'])).toBe(true);
    if ('range' in e) expect(typeof e['range']).toBe('string');
    if ('extra' in e) expect(typeof e['extra']).toBe('string');
  }
}

function assertBmfShape(data: unknown): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  expect(isObject(data)).toBe(true);
  for (const [benchmark, measures] of Object.entries(data as Record<string, unknown>)) {
    expect(benchmark.length).toBeGreaterThan(0);
    expect(benchmark.length).toBeLessThanOrEqual(1024);
    expect(isObject(measures)).toBe(true);
    for (const [measure, metric] of Object.entries(measures as Record<string, unknown>)) {
      expect(measure.length).toBeLessThanOrEqual(64);
      expect(isObject(metric)).toBe(true);
      const m = metric as Record<string, unknown>;
      expect(Object.keys(m).every((k) => ['value', 'lower_value', 'upper_value'].includes(k))).toBe(true);
      expect(typeof m['value'] === 'number' && Number.isFinite(m['value'])).toBe(true);
      for (const k of ['lower_value', 'upper_value']) if (k in m) expect(typeof m[k]).toBe('number');
      const { value, lower_value: lo, upper_value: hi } = m as { value: number; lower_value?: number; upper_value?: number };
      if (lo !== undefined) expect(lo).toBeLessThanOrEqual(value);
      if (hi !== undefined) expect(hi).toBeGreaterThanOrEqual(value);
    }
  }
}

describe.each([
  ['the baseline', baseline],
  ['the fixture', fixtureResults],
])('exports of %s', (_, load) => {
  const results = load();

  it('CSV: RFC 4180, one row per scenario × strategy × repetition × metric, with units', () => {
    const [header, ...rows] = parseCsv(renderCsv(results));
    expect(header).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(results.runs.length * METRICS.length);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
    const keys = rows.map((r) => [r[0], r[1], r[2], r[5], r[7]].join('\u0000'));
    expect(new Set(keys).size).toBe(rows.length);
    const measured = measuredRuntimes(results);
    for (const [scenario, strategy, runtime, node, libraries, rep, status, metric, value, unit] of rows) {
      const run = results.runs.find((r) => r.scenario === scenario && r.strategy === strategy && (r.runtime?.id ?? '') === runtime && String(r.repetition) === rep);
      // The measured runtime: the run's own record, or (older files) muxbench's own Node, which ran their workers.
      const rt = run?.runtime ?? measured[0];
      expect(node).toBe(rt === undefined || rt.node === 'none' ? '' : rt.node);
      expect(libraries).toBe(rt === undefined || rt.node === 'none' ? '' : Object.entries(rt.packages).map(([n, v]) => `${n} ${v}`).join(', '));
      expect(run?.status).toBe(status);
      const m = METRICS.find((x) => x.id === metric);
      expect(m?.unit).toBe(unit);
      if (run && m && run.status === 'ok') expect(value === '' ? null : Number(value)).toBe(m.of(run, metricContext(results, run.scenario)));
    }
    const p99 = rows.find((r) => r[7] === 'p99');
    const run = results.runs[0];
    expect([p99?.[0], p99?.[1], p99?.[2], p99?.[5]]).toEqual([run?.scenario, run?.strategy, run?.runtime?.id ?? '', String(run?.repetition)]);
    expect(Number(p99?.[8])).toBe(run?.latencyMs.p99);
  });

  it('github-action-benchmark: both files are arrays of { name, unit, value, range?, extra? }, names unique', () => {
    for (const direction of ['smaller', 'bigger'] as const) {
      const data: unknown = JSON.parse(renderGithubBenchmark(direction)(results));
      assertBenchmarkShape(data);
      expect(data.length).toBeGreaterThan(0);
      expect(new Set(data.map((e) => e['name'])).size).toBe(data.length);
    }
    const bigger = benchmarkEntries(results, 'bigger');
    expect(new Set(bigger.map((e) => e.unit))).toEqual(new Set(['req/s']));
    const smaller = benchmarkEntries(results, 'smaller');
    // Handshake round trips come from the counts alone; the other costs need a calibration, a round trip or memory readings these files lack.
    expect(new Set(smaller.map((e) => e.unit))).toEqual(new Set(['ms', 'connections', 'handshakes', 'requests', 'round trips']));
    for (const agg of results.aggregates.filter((a) => a.repetitions > 0)) {
      const tp = bigger.find((e) => e.name === `${agg.scenario}/${agg.strategy} throughput`);
      expectRelative(tp?.value, agg.throughputRps.mean);
      const p99 = smaller.find((e) => e.name === `${agg.scenario}/${agg.strategy} p99`);
      expectRelative(p99?.value, agg.latencyMs.p99.mean);
      if (agg.repetitions > 1) expect(p99?.range).toMatch(/^± \d/);
      const cold = smaller.find((e) => e.name === `${agg.scenario}/${agg.strategy} conns.cold`);
      expectRelative(cold?.value, agg.connections.cold.mean);
    }
  });

  it('Bencher Metric Format: latency in ns, throughput in ops/s, lower ≤ value ≤ upper', () => {
    const text = renderBmf(results);
    assertBmfShape(JSON.parse(text));
    const bmf = bmfOf(results);
    for (const agg of results.aggregates.filter((a) => a.repetitions > 0)) {
      const b = bmf[`${agg.scenario}/${agg.strategy}`];
      expect(b?.['latency']?.value).toBeCloseTo(agg.latencyMs.p50.mean * 1e6, 0);
      expect(b?.['throughput']?.value).toBeCloseTo(agg.throughputRps.mean, 6);
      expect(b?.['connections-cold']?.upper_value).toBe(agg.connections.cold.max);
      const p50s = results.runs.filter((r) => r.scenario === agg.scenario && r.strategy === agg.strategy && r.status === 'ok').map((r) => r.latencyMs.p50);
      expect(b?.['latency']?.lower_value).toBeCloseTo(Math.min(...p50s) * 1e6, 0);
      expect(b?.['latency']?.upper_value).toBeCloseTo(Math.max(...p50s) * 1e6, 0);
    }
  });
});

describe('costs in the exports (docs/costs.md)', () => {
  // The fixture with what a default run knows: a calibration, a scenario at RTT 20 ms, server and client memory per case.
  const withCosts = (): Results => {
    const results = fixtureResults();
    const scenario = results.runs[0]!.scenario;
    results.scenarios = results.scenarios.map((s) => (s.id === scenario ? { ...s, rttMs: 20 } : s));
    results.target.costs = {
      handshakes: 40, fullHandshakeCpuNs: 2_000_000, resumedHandshakeCpuNs: 500_000, resumedHandshakes: 40, idleConnections: 100,
      serverRssPerConnectionBytes: 40_000, serverHeapPerConnectionBytes: 5_000, clientRssPerConnectionBytes: 30_000, clientHeapPerConnectionBytes: 2_000,
    };
    for (const run of results.runs) {
      run.serverMemory = { rssBeforeBytes: 50e6, rssPeakBytes: 50e6 + run.connections.opened * 64_000 };
      run.clientMemory = { rssBeforeBytes: 40e6, rssPeakBytes: 40e6 + run.connections.opened * 48_000, heapBeforeBytes: 8e6, heapPeakBytes: 8e6 + run.connections.opened * 4_000, sampleMs: 50 };
    }
    return results;
  };
  const results = withCosts();
  const rtt = results.scenarios.find((s) => s.rttMs !== undefined)!.id;
  const ok = results.runs.filter((r) => r.status === 'ok');

  it('CSV: every cost metric of every measured case, from the counts, the calibration, the round trip and the memory', () => {
    const rows = parseCsv(renderCsv(results)).slice(1);
    const value = (run: (typeof ok)[number], metric: string): number | null => {
      const v = rows.find((r) => r[0] === run.scenario && r[1] === run.strategy && r[5] === String(run.repetition) && r[7] === metric)?.[8];
      return v === undefined || v === '' ? null : Number(v);
    };
    for (const run of ok) {
      for (const id of COST_METRIC_IDS) expect(rows.some((r) => r[0] === run.scenario && r[1] === run.strategy && r[7] === id), id).toBe(true);
      const cold = run.connections.cold;
      const coldTrips = 2 * (cold.tlsFull + cold.tlsResumed) + (cold.opened - cold.tlsFull - cold.tlsResumed);
      expect(value(run, 'handshake.round-trips.cold')).toBe(coldTrips);
      expect(value(run, 'handshake.ms.cold')).toBe(run.scenario === rtt ? coldTrips * 20 : null);
      expect(value(run, 'server.cpu.handshakes')).toBeCloseTo(run.connections.tlsFull * 2 + run.connections.tlsResumed * 0.5);
      expect(value(run, 'server.rss.peak')).toBe(run.connections.opened * 64_000);
      expect(value(run, 'client.rss.peak')).toBe(run.connections.opened * 48_000);
      expect(value(run, 'client.heap.per-connection')).toBeCloseTo((run.connections.opened * 4_000) / (run.connections.serverAccepted ?? run.connections.opened));
    }
  });

  it('github-action-benchmark (smaller is better) and Bencher carry them per scenario/strategy', () => {
    const smaller = benchmarkEntries(results, 'smaller');
    const bmf = bmfOf(results);
    assertBmfShape(bmf);
    for (const agg of results.aggregates.filter((a) => a.repetitions > 0)) {
      const runs = ok.filter((r) => r.scenario === agg.scenario && r.strategy === agg.strategy);
      // Both carry the mean over repetitions as the value (the highest is Bencher's upper_value).
      const cpus = runs.map((r) => r.connections.tlsFull * 2 + r.connections.tlsResumed * 0.5);
      const cpu = cpus.reduce((a, b) => a + b, 0) / cpus.length;
      expect(bmf[`${agg.scenario}/${agg.strategy}`]?.['server-cpu-handshakes']?.upper_value).toBeCloseTo(Math.max(...cpus));
      expectRelative(smaller.find((e) => e.name === `${agg.scenario}/${agg.strategy} server.cpu.handshakes`)?.value, cpu);
      expect(bmf[`${agg.scenario}/${agg.strategy}`]?.['server-cpu-handshakes']?.value).toBeCloseTo(cpu);
      const rss = runs.reduce((a, r) => a + r.connections.opened * 48_000, 0) / runs.length;
      expect(bmf[`${agg.scenario}/${agg.strategy}`]?.['client-rss-peak']?.value).toBeCloseTo(rss);
      expect(smaller.some((e) => e.name === `${agg.scenario}/${agg.strategy} handshake.ms.cold`)).toBe(agg.scenario === rtt);
    }
  });
});

describe('export plumbing', () => {
  it('quotes CSV fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(parseCsv(`${['x', 'a,b', 'say "hi"', 'two\r\nlines'].map(csvField).join(',')}\r\n`)).toEqual([['x', 'a,b', 'say "hi"', 'two\r\nlines']]);
  });

  it('a case that could not run keeps its rows, with empty values but its request counts', () => {
    const results = fixtureResults();
    const run = results.runs[0];
    if (!run) throw new Error('fixture changed');
    run.status = 'error';
    const rows = parseCsv(renderCsv(results)).filter((r) => r[0] === run.scenario && r[1] === run.strategy && r[5] === '0');
    expect(rows).toHaveLength(METRICS.length);
    expect(rows.find((r) => r[7] === 'p99')?.[8]).toBe('');
    expect(rows.find((r) => r[7] === 'requests')?.[8]).toBe(String(run.requests.total));
  });

  it('--export-github-benchmark F writes F (smaller is better) and F-bigger (bigger is better)', () => {
    expect(biggerFile('bench.json')).toBe('bench-bigger.json');
    expect(biggerFile('out/gh.bench.json')).toBe('out/gh.bench-bigger.json');
    expect(biggerFile('bench')).toBe('bench-bigger');
    expect(exportPaths([{ flag: 'export-github-benchmark', file: 'a/b.json' }, { flag: 'export-csv', file: 'c.csv' }])).toEqual([
      { flag: 'export-github-benchmark', path: 'a/b.json' },
      { flag: 'export-github-benchmark', path: 'a/b-bigger.json' },
      { flag: 'export-csv', path: 'c.csv' },
    ]);
    const files = exportFiles([{ flag: 'export-github-benchmark', file: 'b.json' }], fixtureResults());
    expect(JSON.parse(files[1]?.content ?? '[]')).toEqual(benchmarkEntries(fixtureResults(), 'bigger'));
  });
});

describe('exports of a run on two runtime variants (--node 20,26)', () => {
  /** The fixture measured twice, node26 at exactly twice node20's throughput: folding both together would give 1.5×. */
  function twoVariants(): Results {
    const results = fixtureResults();
    const on = (id: string, node: string, factor: number) =>
      results.runs.map((r) => ({ ...r, runtime: { id, node, packages: {} }, throughputRps: r.throughputRps * factor }));
    const node20 = on('node20', '20.20.2', 1);
    const node26 = on('node26', '26.10.0', 2);
    return {
      ...results,
      runs: [...node20, ...node26],
      aggregates: results.aggregates.flatMap((a) => [{ ...a, runtime: 'node20' }, { ...a, runtime: 'node26' }]),
      variants: [
        { id: 'node20', node: '20.20.2', bin: '/cache/node20/bin/node', packages: {} },
        { id: 'node26', node: '26.10.0', bin: '/cache/node26/bin/node', packages: {} },
      ],
    };
  }

  it('BMF and github-benchmark name each variant and fold only its own repetitions', () => {
    const results = twoVariants();
    const first = results.runs[0];
    if (!first) throw new Error('fixture changed');
    const key = `${first.scenario}/${first.strategy}`;
    const bmf = bmfOf(results);
    expect(bmf[key]).toBeUndefined();
    const t20 = bmf[`${key}@node20`]?.throughput?.value;
    const t26 = bmf[`${key}@node26`]?.throughput?.value;
    expect(t20).toBeGreaterThan(0);
    expect(t26).toBeCloseTo(2 * (t20 ?? NaN), 6);
    const names = benchmarkEntries(results, 'bigger').map((e) => e.name);
    expect(names).toContain(`${key}@node20 throughput`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('CSV keeps the variants apart in the runtime and node columns', () => {
    const rows = parseCsv(renderCsv(twoVariants())).slice(1);
    expect(new Set(rows.map((r) => `${r[2]} ${r[3]}`))).toEqual(new Set(['node20 20.20.2', 'node26 26.10.0']));
  });

  it('a single-variant run keeps its names without @variant', () => {
    const results = fixtureResults();
    expect(Object.keys(bmfOf(results)).every((k) => !k.includes('@'))).toBe(true);
  });
});
