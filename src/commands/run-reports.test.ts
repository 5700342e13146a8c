/**
 * End to end through the CLI against the real local server: --json, --html, --compare,
 * open-loop (--rate/--duration) and the sweep's cap. Quick-sized, one strategy.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { Results } from '../results.js';

function io(): { out: string[]; err: string[]; stdout: (t: string) => void; stderr: (t: string) => void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

describe('muxbench run with report options', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muxbench-run-reports-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('--json prints only the results; --compare adds the comparison to stdout JSON, .md and --html', async () => {
    const common = ['run', '--quick', '--scenario', 'seed', '--strategies', 'http2-single-session', '--repetitions', '2'];
    const first = io();
    expect(await main([...common, '--out', join(dir, 'base'), '--quiet'], first)).toBe(0);
    expect(first.err).toEqual([]);
    const [baseFile] = (await readdir(join(dir, 'base'))).filter((f) => f.endsWith('.json'));
    const baseline = join(dir, 'base', baseFile!);

    const html = join(dir, 'report.html');
    const second = io();
    const code = await main([...common, '--out', join(dir, 'new'), '--json', '--html', html, '--compare', baseline, '--fail-on-regression', '500%'], second);
    expect(code).toBe(0);
    const results = JSON.parse(second.out.join('')) as Results;
    expect(results.runs).toHaveLength(2);
    for (const run of results.runs) {
      expect(run.status).toBe('ok');
      expect(run.connections.opened).toBe(1);
      expect(run.connections.serverAccepted).toBe(1);
      // The server waits 5, 10 and 15 ms before answering: no latency can be below the
      // smallest delay, and the slowest request waited at least the largest. (A run whose
      // paths lost the delay answered in ~1 ms; this is what caught it.) Less 1 ms: the
      // server's timer is armed against its loop's cached clock and may fire up to ~1 ms
      // early by the wall clock when that loop was busy (measured in CI: 4.749 for 5).
      expect(run.latencyMs.min).toBeGreaterThanOrEqual(4);
      expect(run.latencyMs.max).toBeGreaterThanOrEqual(14);
      expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(4);
    }
    expect(results.comparison?.cases.map((c) => [c.scenario, c.strategy, c.status, c.counts])).toEqual([
      ['seed', 'http2-single-session', 'compared', []],
    ]);
    expect(results.comparison?.environmentDifferences).toEqual([]);
    // The paths go to stderr so stdout stays JSON.
    expect(second.err.join('')).toContain(`html report: ${html}`);
    const [newBase] = (await readdir(join(dir, 'new'))).filter((f) => f.endsWith('.md'));
    const md = await readFile(join(dir, 'new', newBase!), 'utf8');
    expect(md).toContain(`## Compared with ${baseline}`);
    expect(md).toContain('| http2-single-session | p99 [ms] |');
    const page = await readFile(html, 'utf8');
    expect(page).toContain('data-chart="latency-seed"');
    expect(page).toContain(`<h2>Compared with ${baseline}</h2>`);
  });

  it('runs open-loop with --rate/--duration; every arrival is sent or dropped and the server agrees', async () => {
    const out = io();
    const code = await main(['run', '--scenario', 'seed', '--strategies', 'http2-single-session', '--repetitions', '1', '--rate', '200', '--duration', '1', '--no-write', '--json'], out);
    expect(code).toBe(0);
    const results = JSON.parse(out.out.join('')) as Results;
    expect(results.load).toEqual({ kind: 'open-loop', rateRps: 200, durationMs: 1000 });
    const [run] = results.runs;
    const o = run!.openLoop!;
    expect(o.scheduled).toBe(200);
    expect(o.sent + o.dropped).toBe(200);
    expect(run!.requests.total).toBe(o.sent);
    expect(run!.connections.server?.requestsByProtocol).toEqual({ h2: run!.requests.ok });
    expect(run!.connections.serverAccepted).toBe(1);
    expect(run!.latencyMs).toEqual(o.correctedLatencyMs);
    expect(o.correctedLatencyMs.max).toBeGreaterThanOrEqual(o.uncorrectedLatencyMs.max);
  });

  it('refuses an --html path in a missing directory before measuring anything', async () => {
    const out = io();
    const html = join(dir, 'missing', 'x.html');
    expect(await main(['run', '--quick', '--html', html], out)).toBe(2);
    expect(out.err).toEqual([`muxbench: --html ${html}: directory ${join(dir, 'missing')} does not exist; create it or choose another path (see 'muxbench --help')\n`]);
    expect(out.out).toEqual([]);
  });

  it('the sweep skips session-per-request at C = 1000 and says so', async () => {
    const out = io();
    const code = await main(
      ['run', '--quick', '--scenario', 'sweep-c1,sweep-c1000', '--strategies', 'http2-session-per-request', '--no-write'],
      out,
    );
    expect(code).toBe(0);
    const text = out.out.join('');
    expect(text).toContain('## Concurrency sweep');
    expect(text).toContain('| http2-session-per-request | 1 + ');
    expect(text).toContain('http2-session-per-request at C=1000 skipped: sweep caps connection-per-request strategies at C = 300');
  });
});
