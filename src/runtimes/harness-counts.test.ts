/**
 * Truth first on Bun and Deno: the harness's cases, run on real Bun and Deno binaries from
 * the npm registry (installed into the runtime cache once by the suite's global setup,
 * test/install-runtimes.ts), report the server's own counts, the runtime's version, and
 * latency from the runtime's clock (at least the server's delay: a floor, never a
 * ceiling). Under CI a runtime that cannot be installed fails; offline it is skipped.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { runOnce } from '../run/run-once.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import { startLocalTarget } from '../targets/local.js';
import type { Target } from '../targets/types.js';
import { HARNESS_STRATEGIES } from './harness.js';
import type { Variant } from './types.js';
import { resolveVariants } from './variants.js';
import { main } from '../cli.js';
import { isInstallProgress, TEST_ENGINES } from '../../test/support/runtimes.js';

const N = 12;
const DELAY_MS = 20;
const burst: ScenarioInfo = {
  id: 'burst',
  description: `${N} concurrent pings, ${DELAY_MS} ms server delay`,
  concurrency: N,
  delaysMs: Array.from({ length: N }, () => DELAY_MS),
  rounds: { warmup: 1, min: 2, maxTimeMs: 1 },
};

let variants: Variant[] = [];
let unavailable: string | undefined;
try {
  variants = await resolveVariants(TEST_ENGINES, (line) => process.stderr.write(`${line}\n`));
} catch (error) {
  if (process.env.CI) throw error;
  unavailable = (error as Error).message;
}

const measured = Object.keys(HARNESS_STRATEGIES);
const strategyOf = (id: string): Strategy => {
  const s = findStrategy(id);
  if (!s) throw new Error(`no strategy ${id}`);
  return s;
};

let target: Target;
let runs: CaseResult[] = [];

beforeAll(async () => {
  if (unavailable !== undefined) return;
  target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
  const chosen = [...measured, 'undici-h2'].map((id) => ({ strategy: strategyOf(id) }));
  runs = (await runOnce(target, burst, chosen, {}, variants)).runs;
}, 300_000);

afterAll(async () => {
  await target?.close();
});

const runOf = (engine: string, strategy: string): CaseResult => {
  const run = runs.find((r) => r.strategy === strategy && r.runtime?.id === engine);
  if (!run) throw new Error(`no run for ${strategy} on ${engine}`);
  return run;
};

const cases = TEST_ENGINES.nodes.flatMap((engine) => measured.map((strategy) => [engine, strategy] as const));

describe.skipIf(unavailable !== undefined)(`Bun and Deno: the harness, counted by the server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('installs real Bun and Deno binaries and records their versions', () => {
    expect(variants.map((v) => [v.id, v.node.engine])).toEqual([
      ['bun', 'bun'],
      ['deno', 'deno'],
    ]);
    for (const v of variants) expect(v.node.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(cases)('%s %s: every request ran, the counts are the server\'s, and the runtime is recorded', (engine, strategy) => {
    const run = runOf(engine, strategy);
    const variant = variants.find((v) => v.id === engine);
    expect(run.status, run.error?.message).toBe('ok');
    expect(run.requests.failed).toBe(0);
    // Cold round, warm-up round, at least 2 measured rounds.
    expect(run.requests.total).toBeGreaterThanOrEqual(4 * N);
    expect(run.runtime).toMatchObject({ id: engine, engine, engineVersion: variant?.node.version });
    expect(run.runtime?.node).toMatch(/^\d+\.\d+/);
    expect(run.harness).toMatchObject({ engine, countsSource: 'server', latencySource: 'runtime', exitCode: 0 });
    const server = run.connections.server;
    expect(server).not.toBeNull();
    if (!server) return;
    const unfinished = server.accepted - server.tlsFull - server.tlsResumed;
    expect(run.connections.opened).toBe(server.accepted - unfinished);
    expect(run.connections.tlsFull).toBe(server.tlsFull);
    expect(run.connections.tlsResumed).toBe(server.tlsResumed);
    expect(run.connections.alpn).toEqual(server.alpn);
    expect(Object.values(server.requestsByProtocol).reduce((a, b) => a + b, 0)).toBe(run.requests.ok);
    expect(run.connections.maxConcurrentStreams).toBe(server.maxConcurrentStreams);
    // The runtime's clock: every measured request waited for the server's delay.
    expect(run.latencyMs.min).toBeGreaterThanOrEqual(DELAY_MS);
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(DELAY_MS);
  });

  it.each(TEST_ENGINES.nodes)('%s: one node:http2 session is one connection carrying the whole burst', (engine) => {
    const run = runOf(engine, 'http2-single-session');
    expect(run.connections.opened).toBe(1);
    expect(run.connections.maxConcurrentStreams).toBe(N);
  });

  it.each(TEST_ENGINES.nodes)('%s: a strategy the harness cannot express is skipped with the reason', (engine) => {
    const run = runOf(engine, 'undici-h2');
    expect(run.status).toBe('skipped');
    expect(run.skipReason).toMatch(/its harness runs fetch, http2-single-session/);
  });

  it('muxbench run --runtime lts,bun,deno prints a matrix per scenario with a column per runtime, Bun and Deno cells counted by the server', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: {}, stdout: (t: string) => void out.push(t), stderr: (t: string) => void (isInstallProgress(t) ? undefined : err.push(t)) };
    const args = ['run', '--quick', '--runtime', 'lts,bun,deno', '--scenario', 'seed', '--strategies', 'http2-single-session,undici-h2', '--quiet', '--no-write', '--no-config'];
    const code = await main(args, io);
    const text = out.join('');
    expect(code, err.join('')).toBe(0);
    const matrix = text.slice(text.indexOf('matrix — seed'));
    expect(matrix).toMatch(/^matrix — seed\n/);
    expect(matrix).toMatch(/│ strategy\s+│ node\d+\s+│ bun\s+│ deno\s+│/);
    // http2-single-session: a measured cell in all three columns; the Bun and Deno ones say who counted.
    expect(matrix.match(/counted by server/g)).toHaveLength(2);
    expect(matrix).toMatch(/│ undici-h2\s+│ conns \S+\s+│ skipped\s+│ skipped\s+│/);
    expect(text).toMatch(/^bun: Bun \d+\.\d+\.\d+ \(reports Node \d+/m);
    expect(text).toMatch(/^deno: Deno \d+\.\d+\.\d+ \(reports Node \d+/m);
  }, 300_000);
});
