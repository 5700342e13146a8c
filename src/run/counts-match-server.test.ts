/**
 * Truth first: for every built-in strategy, on a cold burst plus one measured round
 * through the real pipeline (fresh worker process, socket tap, server in its own
 * process), every count the client-side ledger reports equals the server's own count,
 * on each path through the local server: TLS, mutual TLS, and its cleartext port (h2c
 * with prior knowledge + HTTP/1.1). The nginx paths (TLS, mutual TLS, h2c) run the same
 * assertions (`expectCountsMatchServer`) in target/nginx/nginx-target.test.ts, against
 * nginx's stub_status and access log, without measuring every strategy twice.
 *
 * Dimensions are loops: PATHS × strategies today. A runtime variant (Node version and
 * library versions per run) is one more loop around the same assertions: every check
 * goes through `runsOf`, which takes every run of a strategy, whatever else tells them
 * apart, and names each by `labelOf` (which includes the runtime when a run carries one).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { strategies } from '../strategies/registry.js';
import { startLocalTarget } from '../targets/local.js';
import type { Target } from '../targets/types.js';
import { BELOW_MAX, orderViolations } from '../../test/support/order.js';
import { expectCountsMatchServer, labelOf, type ServerKind } from '../../test/support/counts.js';
import { libraryVersion } from '../runtimes/capture.js';
import { PROJECT_LIBRARIES } from '../runtimes/types.js';
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

const ALL = strategies.map((s) => s.id);
// node:https (and got over HTTP/1.1, which uses it) sends no ALPN at all.
// axios's default agent is node:https's global agent: no ALPN either.
const NO_ALPN = ['https-keepalive', 'got-h1', 'axios-h1'];
const H2 = ['http2-single-session', 'http2-session-per-request', 'undici-h2', 'undici-h2-single', 'got-h2', 'axios-h2', 'grpc-js', 'smithy-h2'];

interface CountsPath {
  id: string;
  server: ServerKind;
  cleartext: boolean;
  start(certsDir: string): Promise<Target>;
  /** Strategies that cannot run on this path, with why; every other strategy must measure. */
  skipped: Readonly<Record<string, RegExp>>;
}

const PATHS: readonly CountsPath[] = [
  { id: 'local TLS', server: 'local', cleartext: false, start: (certsDir) => startLocalTarget({ certsDir }), skipped: {} },
  {
    id: 'local mTLS',
    server: 'local',
    cleartext: false,
    start: (certsDir) => startLocalTarget({ certsDir, mtls: true }),
    skipped: { fetch: /cannot send a client certificate/ },
  },
  {
    id: 'local h2c',
    server: 'local',
    cleartext: true,
    start: (certsDir) => startLocalTarget({ certsDir, h2c: true }),
    skipped: { 'got-h2': /silently uses HTTP\/1\.1, not h2c/ },
  },
];

/** Every path's runs, once its describe block has measured them. */
const runsByPath = new Map<string, CaseResult[]>();

describe.each(PATHS)('$id: ledger counts = server counts', (countsPath) => {
  let runs: CaseResult[] = [];

  beforeAll(async () => {
    const target = await countsPath.start(mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')));
    try {
      runs = (await runOnce(target, burst, strategies.map((strategy) => ({ strategy })))).runs;
      runsByPath.set(countsPath.id, runs);
    } finally {
      await target.close();
    }
  }, 240_000);

  const runsOf = (id: string): CaseResult[] => {
    const found = runs.filter((r) => r.strategy === id);
    if (found.length === 0) throw new Error(`no run of ${id} on ${countsPath.id}`);
    return found;
  };

  const measuring = ALL.filter((id) => countsPath.skipped[id] === undefined);
  it.each(measuring)('%s: every request ran, and the ledger counts what the server counted', (id) => {
    for (const run of runsOf(id)) {
      expect(run.status, `${labelOf(run)}: ${run.error?.message ?? run.skipReason ?? ''}`).toBe('ok');
      expect(run.requests.failed, `${labelOf(run)}: ${JSON.stringify(run.requests.errors)}`).toBe(0);
      expect(run.requests.total, labelOf(run)).toBe(2 * N);
      expectCountsMatchServer(run, countsPath.server);
      // Which protocol, by hand: h2 strategies negotiate h2 (h2c on the cleartext port),
      // the others HTTP/1.1 (node:https sends no ALPN at all).
      const h2 = H2.includes(id);
      const alpn = countsPath.cleartext ? (h2 ? 'h2c' : 'cleartext') : h2 ? 'h2' : NO_ALPN.includes(id) ? 'none' : 'http/1.1';
      expect(run.connections.alpn, labelOf(run)).toEqual({ [alpn]: run.connections.opened });
      expect(run.connections.server?.requestsByProtocol, labelOf(run)).toEqual({ [h2 ? 'h2' : 'http/1.1']: 2 * N });
      // axios, grpc-js and NodeHttp2Handler: the version the worker really loaded is recorded, like undici's and got's.
      const library = strategies.find((s) => s.id === run.strategy)?.library ?? '';
      if ((PROJECT_LIBRARIES as readonly string[]).includes(library)) {
        expect(run.runtime?.packages[library], labelOf(run)).toMatch(/^\d+\.\d+\.\d+/);
        expect(run.runtime?.packages[library], labelOf(run)).toBe(libraryVersion(library));
      }
    }
  });

  const skipped = Object.entries(countsPath.skipped);
  if (skipped.length > 0) {
    it.each(skipped)('%s: skipped, with the reason', (id, reason) => {
      for (const run of runsOf(id)) {
        expect(run.status, labelOf(run)).toBe('skipped');
        expect(run.skipReason, labelOf(run)).toMatch(reason);
        expect(run.connections.opened, labelOf(run)).toBe(0);
      }
    });
  }

  it('latency percentiles are in order in every run: min ≤ p50 ≤ p90 ≤ p99 ≤ p999', () => {
    const measured = runs.filter((r) => r.status === 'ok');
    expect(measured.length).toBe(measuring.length);
    for (const run of measured) {
      expect(orderViolations(run.latencyMs, BELOW_MAX), `${labelOf(run)} latencyMs`).toEqual([]);
      expect(orderViolations(run.coldLatencyMs, BELOW_MAX), `${labelOf(run)} coldLatencyMs`).toEqual([]);
    }
  });

  // HDR reports a percentile as the top of its bucket, which can lie above the largest
  // value recorded (25.123 ms recorded 100 times gave p99 25.135); stats/histogram.ts
  // clamps every percentile to [min, max].
  it('latency percentiles never exceed max in any run', () => {
    for (const run of runs.filter((r) => r.status === 'ok')) {
      expect(orderViolations(run.latencyMs), `${labelOf(run)} latencyMs`).toEqual([]);
      expect(orderViolations(run.coldLatencyMs), `${labelOf(run)} coldLatencyMs`).toEqual([]);
    }
  });

  it('the multiplexing strategies: one connection, every stream of a round on it', () => {
    for (const id of ['http2-single-session', 'undici-h2-single', 'axios-h2', 'grpc-js', 'smithy-h2']) {
      for (const run of runsOf(id)) {
        const c = run.connections;
        expect(c.opened, labelOf(run)).toBe(1);
        expect(c.requestsPerConnection, labelOf(run)).toEqual([2 * N]);
        expect(c.maxConcurrentStreams, labelOf(run)).toBe(N);
        expect(c.alpn, labelOf(run)).toEqual(countsPath.cleartext ? { h2c: 1 } : { h2: 1 });
      }
    }
  });
});

describe('what each strategy is known to do (local TLS)', () => {
  const runOf = (id: string): CaseResult => {
    const run = runsByPath.get('local TLS')?.find((r) => r.strategy === id);
    if (!run) throw new Error(`no run for ${id}`);
    return run;
  };

  const verdict = (run: CaseResult, rule: string): { severity: string; message: string } => {
    const v = run.verdicts.find((x) => x.rule === rule);
    if (!v) throw new Error(`${run.strategy}: no ${rule} verdict`);
    return v;
  };

  it('verdicts on the real runs: got-h2 (got 14) and undici-h2 fan out cold, http2-single-session passes every rule', () => {
    // http2-wrapper's ALPN probe connection goes to the first request, the other 23 share a second session.
    const got = runOf('got-h2');
    expect(got.connections.cold.opened).toBe(2);
    expect(verdict(got, 'cold-burst-fan-out')).toMatchObject({
      severity: 'fail',
      message: `${N} concurrent requests opened 2 connections on the cold round (2 full TLS handshakes); one-connection expects 1`,
    });
    expect(verdict(runOf('undici-h2'), 'cold-burst-fan-out')).toMatchObject({
      severity: 'fail',
      message: `${N} concurrent requests opened ${N} connections on the cold round (${N} full TLS handshakes); one-connection expects 1`,
    });
    const single = runOf('http2-single-session');
    expect(single.verdicts.map((v) => v.severity)).toEqual(single.verdicts.map(() => 'ok'));
    expect(single.verdicts.length).toBeGreaterThanOrEqual(7);
    expect(verdict(single, 'serialized-multiplexing').message).toBe(`peak ${N} streams in flight on one connection at concurrency ${N}`);
    // A pool that opens one connection per concurrent request is doing its job.
    expect(verdict(runOf('https-keepalive'), 'cold-burst-fan-out').severity).toBe('ok');
    expect(verdict(runOf('http2-session-per-request'), 'connection-per-request').severity).toBe('ok');
  });

  it('http2-session-per-request: exactly N connections per round, 1 stream each', () => {
    const { connections } = runOf('http2-session-per-request');
    expect(connections.cold.opened).toBe(N);
    expect(connections.warm.opened).toBe(N);
    expect(connections.requestsPerConnection).toEqual(Array.from({ length: 2 * N }, () => 1));
    expect(connections.maxConcurrentStreams).toBe(1);
  });

  it('https-keepalive: HTTP/1.1 without ALPN, one connection per concurrent request, reused warm', () => {
    const run = runOf('https-keepalive');
    expect(run.connections.alpn).toEqual({ none: N });
    expect(run.connections.server?.requestsByProtocol).toEqual({ 'http/1.1': 2 * N });
    expect(run.connections.cold.opened).toBe(N);
    expect(run.connections.requestsPerConnection).toEqual(Array.from({ length: N }, () => 2));
    expect(run.connections.maxConcurrentStreams).toBe(1);
  });

  it('undici-h2 (undici 7 defaults): one h2 connection per request on the cold burst', () => {
    const { connections } = runOf('undici-h2');
    expect(connections.cold.opened).toBe(N);
    expect(connections.cold.alpn).toEqual({ h2: N });
    expect(connections.maxConcurrentStreams).toBe(1);
  });
});
