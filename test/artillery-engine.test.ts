/**
 * The Artillery engine, run by real Artillery (on Node 26 from the runtime cache) with
 * examples/artillery/burst.yml against the real target `muxbench serve` starts: the
 * engine's connection, TLS handshake, ALPN and request counters equal the server's own
 * ledger, for a one-connection and a connection-per-request strategy.
 */
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChild } from '../src/process/child.js';
import { startTarget } from '../src/targets/start.js';
import type { Target } from '../src/targets/types.js';
import { artilleryRuntime } from './support/artillery.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let target: Target;
let runtime: { node: string; cli: string };
let dir: string;

beforeAll(async () => {
  runtime = await artilleryRuntime();
  target = await startTarget({ kind: 'local', mtls: false, h2c: false });
  dir = await mkdtemp(path.join(tmpdir(), 'muxbench-artillery-'));
  // What a project that installed muxbench and the engine next to artillery would have.
  await symlink(root, path.join(dir, 'muxbench'));
  await symlink(path.join(root, 'packages', 'artillery-engine-muxbench'), path.join(dir, 'artillery-engine-muxbench'));
}, 600_000);

afterAll(async () => {
  await target?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface ArtilleryReport {
  aggregate: { counters: Record<string, number>; summaries: Record<string, { count: number; max: number }> };
}

async function artillery(strategy: string): Promise<ArtilleryReport> {
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
      MUXBENCH_TARGET: target.origin.origin,
      MUXBENCH_CA: target.tls.caPath,
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
    it(`${strategy}: the engine's counters equal the server's ledger`, async () => {
      await target.resetCounters();
      const report = await artillery(strategy);
      const server = (await target.readCounters())!;
      const c = report.aggregate.counters;
      const users = c['vusers.completed'] ?? 0;
      expect(users).toBe(3);
      expect(c['vusers.failed'] ?? 0).toBe(0);
      expect(c['muxbench.connections.opened']).toBe(server.accepted);
      expect(c['muxbench.tls.full']).toBe(server.tlsFull);
      expect(c['muxbench.tls.resumed'] ?? 0).toBe(server.tlsResumed);
      expect(c['muxbench.alpn.h2']).toBe(server.alpn.h2);
      const served = Object.values(server.requestsByProtocol).reduce((a, b) => a + b, 0);
      expect(c['muxbench.requests.ok']).toBe(served);
      expect(served).toBe(users * 20 * 4);
      // The strategy's intent, as the server saw it.
      expect(server.accepted).toBe(users * connectionsPerUser);
      expect(report.aggregate.summaries['muxbench.latency_ms']!.count).toBe(served);
      expect(report.aggregate.summaries['muxbench.peak_streams_per_connection']!.max).toBe(server.maxConcurrentStreams);
    }, 180_000);
  }
});
