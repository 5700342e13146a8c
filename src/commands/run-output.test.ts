/**
 * End to end through the CLI against the real local server: thresholds fail and pass as
 * written (exit 1 naming each failure), the exports land where asked, and
 * $GITHUB_STEP_SUMMARY is appended to only when it is set. Quick-sized, seed scenario.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { Results } from '../results.js';
import { appendStepSummary } from '../report/step-summary.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { isInstallProgress } from '../../test/support/runtimes.js';

function io(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  // Runtime install lines are the global setup's, not this run's (test/support/runtimes.ts).
  const stderr = (t: string): void => void (isInstallProgress(t) ? undefined : err.push(t));
  return { out, err, env, stdout: (t: string) => void out.push(t), stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'muxbench-run-output-'));
// Node 20 with undici 7 (`--node 20`: the legacy library set, installed by the global setup): its
// cold-burst fan-out is the real failure the threshold must catch (undici 8 fixed it).
const seed = ['run', '--quick', '--node', '20', '--scenario', 'seed', '--strategies', 'http2-single-session,undici-h2', '--quiet'];

describe('run with thresholds, exports and the step summary', () => {
  it('exit 1 names the failed threshold; the exports and the step summary are written', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, 'earlier step\n');
    const out = join(dir, 'results');
    const csv = join(dir, 'out.csv');
    const gh = join(dir, 'gh.json');
    const md = join(dir, 'summary.md');
    const bmf = join(dir, 'bmf.json');
    const run = io({ GITHUB_STEP_SUMMARY: summary });
    const code = await main(
      [
        ...seed, '--out', out, '--no-config',
        '--threshold', 'seed/undici-h2: conns.cold<=1',
        '--threshold', 'seed/http2-single-session: conns==1, errors==0',
        '--export-csv', csv, '--export-github-benchmark', gh, '--export-markdown', md, '--export-bmf', bmf,
      ],
      run,
    );
    const [file] = readdirSync(out).filter((f) => f.endsWith('.json'));
    const results = JSON.parse(readFileSync(join(out, file!), 'utf8')) as Results;
    const undici = results.runs.find((r) => r.strategy === 'undici-h2');
    const h2 = results.runs.find((r) => r.strategy === 'http2-single-session');
    // undici 7 fans a cold burst out (one connection per request pending before ALPN),
    // and the server counted the same: the threshold fails on a real, cross-checked count.
    expect(undici?.connections.cold.opened).toBe(3);
    expect(undici?.connections.serverAccepted).toBe(3);
    expect(h2?.connections.serverAccepted).toBe(1);
    expect(code).toBe(1);
    expect(run.err).toEqual(['muxbench: threshold failed: seed/undici-h2 conns.cold<=1: 3 connections (highest of 1 repetition)\n']);
    expect(results.thresholds?.map((t) => [t.threshold, t.pass])).toEqual([
      ['seed/undici-h2: conns.cold<=1', false],
      ['seed/http2-single-session: conns==1', true],
      ['seed/http2-single-session: errors==0', true],
    ]);
    const stdout = run.out.join('');
    expect(stdout).toContain('thresholds: 1 of 3 failed\n  ✗ seed/undici-h2 conns.cold<=1: 3 connections (highest of 1 repetition)');

    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('scenario,strategy,runtime,node,libraries,repetition,status,metric,value,unit');
    expect(rows.filter((r) => /^seed,undici-h2,node20,20\.\d+\.\d+,"undici 7\.[^"]*",0,ok,conns\.cold,3,connections$/.test(r))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'gh-bigger.json'), 'utf8'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(gh, 'utf8'))).toContainEqual(expect.objectContaining({ name: 'seed/undici-h2 conns.cold', unit: 'connections', value: 3 }));
    expect(JSON.parse(readFileSync(bmf, 'utf8'))['seed/undici-h2']['connections-cold']).toEqual({ value: 3, lower_value: 3, upper_value: 3 });

    const step = readFileSync(summary, 'utf8');
    expect(step.startsWith('earlier step\n## muxbench')).toBe(true);
    expect(step).toContain('### seed');
    expect(step).toContain('| undici-h2 | h2 | 3 / 0 |');
    expect(step).toContain('### Thresholds: 1 of 3 failed');
    expect(step).toContain('`cold-burst-fan-out`');
    // The exported Markdown summary is the same text the step summary got.
    expect(step).toBe(`earlier step\n${readFileSync(md, 'utf8')}\n`);
  });

  it('exit 0 when every threshold of the config file holds; no step summary when the variable is unset', async () => {
    const config = join(dir, 'muxbench.config.json');
    writeFileSync(config, JSON.stringify({ thresholds: { 'seed/http2-single-session': ['conns.cold<=1', 'conns.warm==0'] } }));
    const run = io({});
    expect(await main([...seed, '--no-write', '--config', config], run)).toBe(0);
    expect(run.err).toEqual([]);
    const stdout = run.out.join('');
    expect(stdout).toContain(`thresholds (from ${config}): all 2 hold`);
    expect(stdout).not.toContain('step summary');
  });

  it.each([
    [['--threshold', 'seed/undici-h2: p95<1'], /unknown metric 'p95'; choose from/],
    [['--threshold', 'brust/undici-h2: p99<1'], /--threshold 'brust\/undici-h2: p99<1': scenario 'brust' is not in this run \(seed\)/],
    [['--config', join(dir, 'nope.json')], /--config .*nope\.json: no such file/],
    [['--export-csv', join(dir, 'missing', 'x.csv')], /--export-csv .*x\.csv: directory .*missing does not exist/],
    [['--export-bmf', ''], /--export-bmf needs a file name/],
  ])('%j is refused with one line and exit 2 before measuring', async (args, message) => {
    const run = io({});
    expect(await main([...seed, '--no-write', ...args], run)).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(message);
  });
});

describe('appendStepSummary', () => {
  it('appends when GITHUB_STEP_SUMMARY names a file and does nothing when it is unset or empty', async () => {
    const file = join(dir, 'only-when-set.md');
    expect(await appendStepSummary(fixtureResults(), {})).toBeUndefined();
    expect(await appendStepSummary(fixtureResults(), { GITHUB_STEP_SUMMARY: '' })).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(await appendStepSummary(fixtureResults(), { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(await appendStepSummary(fixtureResults(), { GITHUB_STEP_SUMMARY: file })).toBe(file);
    const text = readFileSync(file, 'utf8');
    expect(text.match(/^## muxbench 0\.1\.0: /gm)).toHaveLength(2);
  });
});
