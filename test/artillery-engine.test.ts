/**
 * The Artillery engine, run by real Artillery (on Node 26 from the runtime cache) with
 * examples/artillery/burst.yml against `muxbench serve` itself (bin/muxbench.js in a child
 * process, as a user runs it): the engine's connection, TLS handshake, ALPN, request and
 * peak-stream counters equal what serve reports the server saw (`--json`), for a
 * one-connection and a connection-per-request strategy.
 */
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficSummary } from '../src/commands/serve.js';
import { spawnChild, type Child } from '../src/process/child.js';
import { artilleryRuntime } from './support/artillery.js';
import { BIN } from './support/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let runtime: { node: string; cli: string };
let dir: string;
/** Every serve this file started, stopped in afterAll if a test left one running. */
const serves: Child[] = [];

beforeAll(async () => {
  runtime = await artilleryRuntime();
  dir = await mkdtemp(path.join(tmpdir(), 'muxbench-artillery-'));
  // What a project that installed muxbench and the engine next to artillery would have.
  await symlink(root, path.join(dir, 'muxbench'));
  await symlink(path.join(root, 'packages', 'artillery-engine-muxbench'), path.join(dir, 'artillery-engine-muxbench'));
}, 600_000);

afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface Listening {
  event: 'listening';
  origin: string;
  ca: string;
}

type ServeLine = Listening | TrafficSummary | { event: 'stopped' };

const lines = (serve: Child): ServeLine[] =>
  serve
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ServeLine);

/**
 * `muxbench serve --json`, bounded by --for; --idle at its maximum so the whole Artillery
 * run comes out as one summary, printed when SIGINT stops it.
 */
async function startServe(): Promise<{ serve: Child; listening: Listening }> {
  const serve = spawnChild({ kind: 'guarded', file: process.execPath, args: [BIN, 'serve', '--json', '--for', '300', '--idle', '600000'], cwd: root, stdout: 'keep', outputChars: 200_000, timeoutMs: 320_000 });
  serves.push(serve);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listening = lines(serve).find((l): l is Listening => l.event === 'listening');
    if (listening) return { serve, listening };
    if (Date.now() > deadline) throw new Error(`muxbench serve printed no origin within 60 s:\n${serve.stdout()}\n${serve.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ctrl-C, as a user stops it: serve prints what it saw since the last summary, then exits. */
async function stopServe(serve: Child): Promise<TrafficSummary[]> {
  const pid = await serve.pid();
  if (pid === undefined) throw new Error('muxbench serve has no pid');
  process.kill(pid, 'SIGINT');
  const exit = await serve.exited;
  expect(exit.code, serve.stderr()).toBe(0);
  const out = lines(serve);
  expect(out.at(-1)?.event).toBe('stopped');
  return out.filter((l): l is TrafficSummary => l.event === 'traffic');
}

interface ArtilleryReport {
  aggregate: { counters: Record<string, number>; summaries: Record<string, { count: number; max: number }> };
}

async function artillery(strategy: string, listening: Listening): Promise<ArtilleryReport> {
  const output = path.join(dir, `${strategy}.json`);
  const child = spawnChild({
    kind: 'node',
    execPath: runtime.node,
    file: runtime.cli,
    args: ['run', '--output', output, path.join(root, 'examples', 'artillery', 'burst.yml')],
    cwd: dir,
    env: {
      ...process.env,
      NODE_PATH: dir,
      MUXBENCH_TARGET: listening.origin,
      MUXBENCH_CA: listening.ca,
      MUXBENCH_STRATEGY: strategy,
      ARTILLERY_DISABLE_TELEMETRY: 'true',
    },
    stdout: 'keep',
    timeoutMs: 120_000,
  });
  const exit = await child.exited;
  expect(exit.code, `${child.stdout()}\n${child.stderr()}`).toBe(0);
  return JSON.parse(await readFile(output, 'utf8')) as ArtilleryReport;
}

describe('artillery-engine-muxbench', () => {
  for (const [strategy, connectionsPerUser] of [
    ['http2-single-session', 1],
    ['http2-session-per-request', 20 * 4],
  ] as const) {
    it(`${strategy}: the engine's counters equal what muxbench serve saw`, async () => {
      const { serve, listening } = await startServe();
      const report = await artillery(strategy, listening);
      const summaries = await stopServe(serve);
      expect(summaries).toHaveLength(1);
      const server = summaries[0]!;
      const c = report.aggregate.counters;
      const users = c['vusers.completed'] ?? 0;
      expect(users).toBe(3);
      expect(c['vusers.failed'] ?? 0).toBe(0);
      expect(c['muxbench.connections.opened']).toBe(server.connections);
      expect(c['muxbench.tls.full']).toBe(server.tlsFull);
      expect(c['muxbench.tls.resumed'] ?? 0).toBe(server.tlsResumed);
      expect(c['muxbench.alpn.h2']).toBe(server.alpn.h2);
      expect(server.alpn).toEqual({ h2: server.connections });
      expect(server.tlsFailed).toBe(0);
      expect(c['muxbench.requests.ok']).toBe(server.requestsOk);
      expect(server.requestsOk).toBe(server.requests);
      expect(server.requests).toBe(users * 20 * 4);
      // The strategy's intent, as the server saw it.
      expect(server.connections).toBe(users * connectionsPerUser);
      expect(report.aggregate.summaries['muxbench.latency_ms']!.count).toBe(server.requests);
      expect(report.aggregate.summaries['muxbench.peak_streams_per_connection']!.max).toBe(server.peakInFlightPerConnection);
    }, 180_000);
  }
});
