import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { configPath, configThresholds, readConfigThresholds } from './config-file.js';
import { checkThresholdsMatch, evaluateThresholds, thresholdExitCode } from './evaluate.js';
import { outcomeLine } from '../report/thresholds.js';
import { holds, parseThreshold } from './parse.js';

const parse = (raw: string) => parseThreshold(raw, '--threshold');

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseThreshold', () => {
  it('reads the selector and each condition', () => {
    expect(parse('burst/undici-h2: conns.cold<=1, p99<50, errors==0').map((t) => [t.scenario, t.strategy, t.metric, t.op, t.limit, t.text])).toEqual([
      ['burst', 'undici-h2', 'conns.cold', '<=', 1, 'burst/undici-h2: conns.cold<=1'],
      ['burst', 'undici-h2', 'p99', '<', 50, 'burst/undici-h2: p99<50'],
      ['burst', 'undici-h2', 'errors', '==', 0, 'burst/undici-h2: errors==0'],
    ]);
    expect(parse('*/* : throughput >= 1500.5').map((t) => [t.scenario, t.strategy, t.op, t.limit])).toEqual([['*', '*', '>=', 1500.5]]);
  });

  it.each([
    ['p99<50', /expected 'scenario\/strategy: metric<value, …'/],
    ['burst: p99<50', /'burst' is not 'scenario\/strategy' \(either may be \*\)/],
    ['a/b/c: p99<50', /'a\/b\/c' is not 'scenario\/strategy'/],
    ['burst/undici-h2:', /no condition after ':'/],
    ['burst/undici-h2: p99<50,,errors==0', /an empty condition between commas/],
    ['burst/undici-h2: p95<50', /unknown metric 'p95'; choose from p50, p90, p99,/],
    ['burst/undici-h2: p99 <= fast', /'p99 <= fast' is not 'metric op number'/],
    ['burst/undici-h2: p99=50', /'p99=50' is not 'metric op number'/],
    ['burst/undici-h2: p99<50ms', /'p99<50ms' is not 'metric op number'/],
  ])('%j is refused with one line that says what to write', (raw, message) => {
    const text = usageMessage(() => parse(raw));
    expect(text).toMatch(message);
    expect(text).toContain(`--threshold '${raw}'`);
    expect(text).not.toContain('\n');
  });

  it('compares as written', () => {
    expect([holds(1, '<', 1), holds(1, '<=', 1), holds(2, '>', 1), holds(1, '>=', 1), holds(0, '==', 0), holds(1, '!=', 1)]).toEqual([
      false, true, true, true, true, false,
    ]);
  });
});

describe('evaluateThresholds on the fixture', () => {
  // Fixture, burst: undici-h2 opened 100 cold connections in both repetitions, p99 88.4 and 84.1 ms;
  // http2-single-session lost 12 requests in repetition 1; https-keepalive's throughput 3120 and 3088 req/s.
  const results = fixtureResults();
  const outcome = (raw: string) => evaluateThresholds(parse(raw), results);

  it('passes and fails as written, with the folded value', () => {
    expect(outcome('burst/undici-h2: conns.cold<=1').map((o) => [o.pass, o.value, o.fold])).toEqual([[false, 100, 'highest of 2 repetitions']]);
    expect(outcome('burst/undici-h2: conns.cold<=100')[0]?.pass).toBe(true);
    expect(outcome('burst/undici-h2: p99<87')[0]).toMatchObject({ pass: true, fold: 'mean of 2 repetitions' });
    expect(outcome('burst/undici-h2: p99<86')[0]?.pass).toBe(false);
    expect(outcome('burst/http2-single-session: errors==0')[0]).toMatchObject({ pass: false, value: 12, fold: 'sum over 2 repetitions' });
    expect(outcome('burst/https-keepalive: throughput>=3100')[0]).toMatchObject({ pass: true, value: 3104 });
    expect(outcome('burst/https-keepalive: throughput>3104')[0]?.pass).toBe(false);
  });

  it('a wildcard checks every matching case, in result order', () => {
    expect(outcome('*/undici-h2: conns.cold<=3').map((o) => [o.scenario, o.pass])).toEqual([
      ['seed', true],
      ['burst', false],
    ]);
    expect(outcome('burst/*: conns.warm==0')).toHaveLength(3);
  });

  it('a case with no measured repetition fails its thresholds', () => {
    const broken = fixtureResults();
    for (const run of broken.runs) if (run.scenario === 'seed' && run.strategy === 'undici-h2') run.status = 'error';
    const [o] = evaluateThresholds(parse('seed/undici-h2: p99<1000'), broken);
    expect(o).toMatchObject({ pass: false, value: null });
    expect(outcomeLine(o!)).toBe('seed/undici-h2 p99<1000: not measured');
  });

  it('exit code 1 names each failed threshold on stderr, one line each; 0 when all hold', () => {
    const lines: string[] = [];
    const io = { stderr: (t: string) => void lines.push(t) };
    const outcomes = evaluateThresholds(parse('burst/undici-h2: conns.cold<=1, p99<1000, errors==0'), results);
    expect(thresholdExitCode(outcomes, io)).toBe(1);
    expect(lines).toEqual(['muxbench: threshold failed: burst/undici-h2 conns.cold<=1: 100 connections (highest of 2 repetitions)\n']);
    expect(thresholdExitCode(outcomes.filter((o) => o.pass), io)).toBe(0);
    expect(thresholdExitCode(undefined, io)).toBe(0);
  });

  it('a selector that matches nothing planned is refused before the run', () => {
    expect(usageMessage(() => checkThresholdsMatch(parse('brust/undici-h2: p99<50'), ['seed', 'burst'], ['undici-h2']))).toBe(
      "--threshold 'brust/undici-h2: p99<50': scenario 'brust' is not in this run (seed, burst)",
    );
    expect(usageMessage(() => checkThresholdsMatch(parse('*/undici: p99<50'), ['seed'], ['undici-h2']))).toBe(
      "--threshold '*/undici: p99<50': strategy 'undici' is not in this run (undici-h2)",
    );
    expect(() => checkThresholdsMatch(parse('*/undici-h2: p99<50'), ['seed'], ['undici-h2'])).not.toThrow();
  });
});

describe('muxbench.config.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'muxbench-config-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('takes the same conditions as --threshold: a string, a list in one string, or an array', () => {
    const thresholds = configThresholds(
      { thresholds: { 'burst/undici-h2': ['conns.cold<=1', 'p99<50'], '*/*': 'errors==0, conns.unused==0' } },
      'muxbench.config.json',
    );
    expect(thresholds.map((t) => t.text)).toEqual([
      'burst/undici-h2: conns.cold<=1',
      'burst/undici-h2: p99<50',
      '*/*: errors==0',
      '*/*: conns.unused==0',
    ]);
    expect(thresholds.every((t) => t.source === 'muxbench.config.json')).toBe(true);
  });

  it.each([
    ['[]', /expected a JSON object like/],
    ['{"threshold": {}}', /unknown key 'threshold'; the file may hold 'thresholds', 'gate', '\$schema'/],
    ['{"thresholds": ["p99<50"]}', /"thresholds" must be an object of "scenario\/strategy"/],
    ['{"thresholds": {"burst/undici-h2": 50}}', /thresholds\["burst\/undici-h2"\] must be a condition string or a non-empty array/],
    ['{"thresholds": {"burst/undici-h2": []}}', /must be a condition string or a non-empty array/],
    ['{"thresholds": {"burst/undici-h2": ["p95<50"]}}', /'burst\/undici-h2: p95<50': unknown metric 'p95'/],
    ['{"thresholds": {', /not valid JSON \(.*\); fix it, or pass --no-config to ignore it/],
  ])('%s is refused with one line naming the file', (text, message) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.json`, text);
    const error = usageMessage(() => readConfigThresholds(path));
    expect(error).toMatch(message);
    expect(error.startsWith(path)).toBe(true);
    expect(error).not.toContain('\n');
  });

  it('is found in the working directory unless --no-config; --config names another', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'muxbench-cwd-'));
    expect(configPath(undefined, false, cwd)).toBeUndefined();
    writeFileSync(join(cwd, 'muxbench.config.json'), '{"thresholds": {}}');
    expect(configPath(undefined, false, cwd)).toBe(join(cwd, 'muxbench.config.json'));
    expect(configPath(undefined, true, cwd)).toBeUndefined();
    const other = file('other.json', '{}');
    expect(configPath(other, false, cwd)).toBe(other);
    expect(usageMessage(() => configPath(join(dir, 'missing.json'), false, cwd))).toMatch(/--config .*missing\.json: no such file/);
    expect(usageMessage(() => configPath(other, true, cwd))).toMatch(/--config and --no-config contradict each other/);
  });
});

describe('CPU per request as a threshold and an export', () => {
  it('cpu.client folds to the mean in µs/request; a file without CPU is not measured', async () => {
    const { renderCsv } = await import('../report/export/csv.js');
    const results = fixtureResults();
    for (const run of results.runs) {
      if (run.scenario === 'burst' && run.strategy === 'undici-h2') {
        const us = run.repetition === 0 ? 40 : 50;
        run.cpu = { client: { usPerRequest: us, totalUs: us * 1000, requests: 1000 }, server: null };
      }
    }
    const [o] = evaluateThresholds(parse('burst/undici-h2: cpu.client<46'), results);
    expect(o).toMatchObject({ pass: true, value: 45, unit: 'µs/request', fold: 'mean of 2 repetitions' });
    expect(evaluateThresholds(parse('burst/undici-h2: cpu.client<44'), results)[0]?.pass).toBe(false);
    expect(evaluateThresholds(parse('burst/undici-h2: cpu.server<1000'), results)[0]).toMatchObject({ pass: false, value: null });
    // The runtime columns (runtime, node, libraries) name what the fixture ran on; the metric's cells follow.
    expect(renderCsv(results)).toMatch(/^burst,undici-h2,[^\n]*,0,ok,cpu\.client,40,µs\/request$/m);
  });
});
