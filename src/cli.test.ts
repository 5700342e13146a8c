/** The command line as a user meets it: real process, real exit codes, real files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BELOW_MAX, orderViolations } from '../test/support/order.js';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/muxbench.js', import.meta.url));

function muxbench(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bad command lines exit 2 with one line that says what to do', () => {
  it.each([
    [['run', '--bogus'], /unknown option '--bogus'/],
    [['run', '--quick=yes'], /--quick takes no value/],
    [['run', '--concurrency', 'abc'], /--concurrency must be a whole number from 1 to 10000, got 'abc'/],
    [['run', '--concurrency', '0'], /--concurrency must be from 1 to 10000, got 0/],
    // A negative number is the flag's value, and out of range (not "needs a value", issue #13).
    [['run', '--repetitions', '-3'], /--repetitions must be a whole number from 1 to 100, got '-3'/],
    [['run', '--repetitions=-3'], /--repetitions must be a whole number from 1 to 100, got '-3'/],
    [['run', '--scenario', 'nope'], /unknown scenario 'nope': choose from seed, seed-rtt20, burst, throughput/],
    [['run', '--strategies', 'http2-single-session,nope'], /unknown strategy 'nope': choose from http2-single-session,/],
    [['run', '--scenario'], /--scenario needs a value/],
    [['run', '--scenario', 'lifetime', '--lifetime-gaps', '500,x'], /--lifetime-gaps must be a whole number from 0 to 14400000, got 'x'/],
    [['run', '--scenario', 'seed', '--lifetime-gaps', '500'], /--lifetime-gaps sets the idle gaps of the lifetime scenario: add --scenario lifetime/],
    [['run', 'extra'], /unexpected argument 'extra'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', (args, message) => {
    const r = muxbench(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^muxbench: /);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toMatch(/see 'muxbench --help'/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--debug adds the stack trace', () => {
    const r = muxbench(['run', '--concurrency', 'abc', '--debug']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('help', () => {
  it('muxbench --help lists the commands', () => {
    const r = muxbench(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/muxbench run \[options\]/);
  });

  it('muxbench run --help lists every option, scenario and strategy', () => {
    const r = muxbench(['run', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--scenario', '--strategies', '--concurrency', '--repetitions', '--quick', '--out']) {
      expect(r.stdout).toContain(flag);
    }
    for (const id of ['seed', 'burst', 'throughput', 'undici-h2-single', 'got-h2', 'fetch']) expect(r.stdout).toContain(id);
  });
});

describe('a quick run writes a results file that carries the whole contract', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'muxbench-out-'));
  const args = ['run', '--quick', '--scenario', 'seed', '--strategies', 'http2-single-session,https-keepalive', '--out', out];
  const r = muxbench(args);

  it('exits 0 and prints the table', () => {
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('http2-single-session');
    expect(r.stdout).toMatch(/p99\s/);
  });

  it('writes <timestamp>.json and .md atomically (no temp files left)', () => {
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1);
    expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('has every field of the results contract (docs/architecture.md), with the right types', () => {
    const file = readdirSync(out).find((f) => f.endsWith('.json'));
    const results = JSON.parse(readFileSync(path.join(out, file ?? ''), 'utf8'));
    expect(results.schemaVersion).toBe(1);
    expect(results.tool).toEqual({ name: 'muxbench', version: expect.any(String) });
    expect(new Date(results.startedAt).toISOString()).toBe(results.startedAt);
    expect(results.command).toBe(`npx muxbench ${args.join(' ')}`);
    expect(results.environment).toMatchObject({
      node: process.versions.node,
      openssl: process.versions.openssl,
      nghttp2: process.versions.nghttp2,
      os: expect.any(String),
      cpus: os.cpus().length,
      cpuModel: expect.any(String),
      dependencies: { undici: expect.stringMatching(/^7\./), got: expect.stringMatching(/^14\./) },
    });
    expect(results.target).toMatchObject({ kind: 'local', origin: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/$/) });
    expect(results.runs).toHaveLength(2);
    for (const run of results.runs) {
      expect(run).toMatchObject({
        scenario: 'seed',
        strategy: expect.any(String),
        repetition: 0,
        concurrency: 3,
        requests: { total: expect.any(Number), ok: expect.any(Number), failed: 0, errors: {} },
        connections: {
          opened: expect.any(Number),
          serverAccepted: expect.any(Number),
          tlsFull: expect.any(Number),
          tlsResumed: expect.any(Number),
          alpn: expect.any(Object),
          maxConcurrentStreams: expect.any(Number),
        },
        throughputRps: expect.any(Number),
        verdicts: expect.any(Array),
      });
      for (const key of ['min', 'mean', 'stdev', 'p50', 'p90', 'p99', 'p999', 'max']) {
        expect(run.latencyMs[key]).toEqual(expect.any(Number));
      }
      // The whole distributions (HdrHistogram compressed base64), for muxbench merge.
      expect(run.histograms).toMatchObject({ latency: expect.stringMatching(/^[A-Za-z0-9+/=]+$/), coldLatency: expect.any(String), phases: expect.any(Object) });
      expect(run.connections.opened).toBe(run.connections.serverAccepted);
      // expect.any(Number) accepts NaN and 0: the values themselves must make sense.
      expect(run.requests.total % 3, 'whole rounds of 3').toBe(0);
      expect(run.requests.total).toBeGreaterThanOrEqual(6);
      expect(run.requests.ok).toBe(run.requests.total);
      expect(run.connections.opened).toBeGreaterThanOrEqual(1);
      expect(run.connections.tlsFull + run.connections.tlsResumed).toBe(run.connections.opened);
      expect(run.connections.maxConcurrentStreams).toBeGreaterThanOrEqual(1);
      expect(run.connections.maxConcurrentStreams).toBeLessThanOrEqual(3);
      expect(Number.isFinite(run.throughputRps) && run.throughputRps > 0, `throughput ${run.throughputRps}`).toBe(true);
      // The seed scenario's shortest server delay is 5 ms: no latency can be shorter.
      expect(run.latencyMs.min).toBeGreaterThanOrEqual(5);
      expect(orderViolations(run.latencyMs, BELOW_MAX)).toEqual([]);
    }
  });
});
