/**
 * Truth first: for every built-in strategy, on a cold burst through the real pipeline
 * (fresh worker process, socket tap, server in its own process), every count the
 * client-side ledger reports equals the server's own count.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { strategies } from '../strategies/registry.js';
import { startLocalTarget } from '../target/local.js';
import type { Target } from '../target/types.js';
import { runOnce } from './run-once.js';

const N = 24;
// A cold round plus one measured round: small, but enough to see warm-round behaviour.
const burst: ScenarioInfo = {
  id: 'burst',
  description: `${N} concurrent pings, 20 ms server delay`,
  concurrency: N,
  delaysMs: Array.from({ length: N }, () => 20),
  rounds: { warmup: 0, min: 1, maxTimeMs: 1 },
};

let target: Target;
let runs: CaseResult[];

beforeAll(async () => {
  target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
  const results = await runOnce(target, burst, strategies.map((strategy) => ({ strategy })));
  runs = results.runs;
}, 180_000);

afterAll(async () => {
  await target?.close();
});

const byId = (id: string): CaseResult => {
  const run = runs.find((r) => r.strategy === id);
  if (!run) throw new Error(`no run for ${id}`);
  return run;
};

describe.each(strategies.map((s) => s.id))('%s against the local server', (id) => {
  it('ran every request without error', () => {
    const run = byId(id);
    expect(run.status).toBe('ok');
    expect(run.requests.failed).toBe(0);
    expect(run.requests.ok).toBe(run.requests.total);
    expect(run.requests.total).toBeGreaterThanOrEqual(2 * N);
  });

  it('asked the server for the scenario delay (no response can come sooner)', () => {
    const run = byId(id);
    // A lower bound, not a speed assertion: the server waits 20 ms before answering.
    expect(run.latencyMs.min).toBeGreaterThanOrEqual(20);
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(20);
  });

  it('counts the same connections, handshakes, ALPN and requests as the server', () => {
    const { connections, requests } = byId(id);
    const server = connections.server;
    expect(server).not.toBeNull();
    if (!server) return;
    expect(connections.serverAccepted).toBe(server.accepted);
    expect(connections.opened).toBe(server.accepted);
    expect(connections.tlsFull + connections.tlsResumed).toBe(server.tlsFull + server.tlsResumed);
    expect(connections.tlsFull).toBe(server.tlsFull);
    expect(connections.tlsResumed).toBe(server.tlsResumed);
    expect(connections.alpn).toEqual(server.alpn);
    const serverRequests = Object.values(server.requestsByProtocol).reduce((a, b) => a + b, 0);
    expect(serverRequests).toBe(requests.ok);
    expect(connections.requestsPerConnection.reduce((a, b) => a + b, 0)).toBe(requests.ok);
  });

  it('sees the same peak of concurrent streams on one connection as the server', () => {
    const { connections } = byId(id);
    expect(connections.maxConcurrentStreams).toBe(connections.server?.maxConcurrentStreams);
  });
});

describe('what each strategy is known to do', () => {
  it('http2-single-session: exactly 1 connection, 1 full handshake, h2, all N streams on it', () => {
    const { connections } = byId('http2-single-session');
    expect(connections.opened).toBe(1);
    expect(connections.tlsFull).toBe(1);
    expect(connections.tlsResumed).toBe(0);
    expect(connections.alpn).toEqual({ h2: 1 });
    expect(connections.cold.opened).toBe(1);
    expect(connections.warm.opened).toBe(0);
    expect(connections.maxConcurrentStreams).toBe(N);
  });

  it('http2-session-per-request: exactly N connections per round', () => {
    const { connections, requests } = byId('http2-session-per-request');
    expect(connections.cold.opened).toBe(N);
    expect(connections.opened).toBe(requests.total);
    expect(connections.maxConcurrentStreams).toBe(1);
  });

  it('https-keepalive: HTTP/1.1 without ALPN, one connection per concurrent request', () => {
    const { connections } = byId('https-keepalive');
    expect(connections.alpn).toEqual({ none: connections.opened });
    expect(connections.server?.requestsByProtocol).toEqual({ 'http/1.1': byId('https-keepalive').requests.ok });
    expect(connections.cold.opened).toBe(N);
    expect(connections.maxConcurrentStreams).toBe(1);
  });

  it('undici-h2-single: 1 connection carrying all N streams at once', () => {
    const { connections } = byId('undici-h2-single');
    expect(connections.opened).toBe(1);
    expect(connections.maxConcurrentStreams).toBe(N);
  });
});
