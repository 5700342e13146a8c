/**
 * The client's memory per case (runs[].clientMemory), sampled by the case's worker: a
 * strategy file that holds N idle connections makes the client's RSS at peak grow with N,
 * and the per-connection figure is that growth over the server's own connection count.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, Results, ScenarioInfo } from '../results.js';
import { runOnce } from '../run/run-once.js';
import { startLocalTarget, type LocalTarget } from '../targets/local.js';
import { idle10, idle300 } from '../../test/support/idle-connections.js';
import { clientMemoryGrowth, strategyCosts } from './summary.js';

const FILE = fileURLToPath(new URL('../../test/support/idle-connections.ts', import.meta.url));
// One ping at a time: what grows is the idle connections, not requests in flight.
const hold: ScenarioInfo = { id: 'hold', description: 'one ping per round', concurrency: 1, delaysMs: [0], rounds: { warmup: 0, min: 3, maxTimeMs: 1 } };
const chosen = [idle10, idle300].map((strategy) => ({ strategy, file: FILE }));

describe('client memory per case: N idle connections held by a strategy file', () => {
  let target: LocalTarget;
  let results: Results;

  beforeAll(async () => {
    target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    results = await runOnce(target, hold, chosen);
  }, 120_000);
  afterAll(async () => {
    await target?.close();
  });

  const runOf = (id: string): CaseResult => {
    const run = results.runs.find((r) => r.strategy === id);
    expect(run?.status, run?.error?.message).toBe('ok');
    return run!;
  };

  it('the server accepted N + 1 connections, as the client counted', () => {
    for (const [id, n] of [['idle-10', 10], ['idle-300', 300]] as const) {
      const run = runOf(id);
      expect(run.connections.serverAccepted).toBe(n + 1);
      expect(run.connections.opened).toBe(n + 1);
    }
  });

  it("the client's RSS and heap at peak grow with N: 290 more idle connections hold more than 290 × 8 KB RSS, 290 × 2 KB heap", () => {
    const small = clientMemoryGrowth(runOf('idle-10'))!;
    const large = clientMemoryGrowth(runOf('idle-300'))!;
    // Measured: ~40 KB of client RSS per idle TLS connection (docs/costs.md); 8 KB leaves room for the allocator.
    expect(large.rss - small.rss).toBeGreaterThan(290 * 8 * 1024);
    // The heap too (measured: 1.5 MB at N = 10, 4.3 MB at N = 300; RSS 0.6 MB and 33.5 MB, Node 20).
    expect(large.heap - small.heap).toBeGreaterThan(290 * 2 * 1024);
    for (const id of ['idle-10', 'idle-300']) {
      const m = runOf(id).clientMemory!;
      expect(m.rssPeakBytes).toBeGreaterThanOrEqual(m.rssBeforeBytes);
      expect(m.heapPeakBytes).toBeGreaterThanOrEqual(m.heapBeforeBytes);
      expect(m.heapBeforeBytes).toBeGreaterThan(0);
    }
  });

  it('per connection: the growth over the connections the server accepted, in the cost summary', () => {
    for (const id of ['idle-10', 'idle-300']) {
      const run = runOf(id);
      const growth = clientMemoryGrowth(run)!;
      const cost = strategyCosts(results, 'hold').find((c) => c.strategy === id)!;
      expect(cost.clientRssPerConnectionBytes).toBeCloseTo(growth.rss / run.connections.serverAccepted!);
      expect(cost.clientHeapPerConnectionBytes).toBeCloseTo(growth.heap / run.connections.serverAccepted!);
      expect(cost.clientPeakRssBytes).toBe(growth.rss);
    }
  });
});
