/**
 * Acceptance against a real nginx: for every strategy, the client-side ledger's
 * connections equal nginx's own accepted count (stub_status) and the distinct
 * `$connection` values of its access log; mutual TLS works from every strategy that can
 * send a certificate, and a client without one gets a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunError } from '../../errors.js';
import { strategies } from '../../strategies/registry.js';
import { preflight } from '../preflight.js';
import { runCases, runOf, toolAvailable } from '../../../test/support/real-target.js';
import type { Target } from '../types.js';
import { processesCpuNs } from '../../process/cpu-time.js';
import { startNginxTarget } from './nginx-target.js';
import { findNginx } from './process.js';
import { findH2load } from '../../reference/h2load.js';
import { expectCountsMatchServer } from '../../../test/support/counts.js';

const ALL = strategies.map((s) => s.id);
// got-h2 needs TLS (ALPN); on the h2c port it is skipped. grpc-js goes through grpc_pass.
const H2 = ['http2-single-session', 'http2-session-per-request', 'undici-h2', 'undici-h2-single', 'axios-h2', 'grpc-js', 'smithy-h2'];
const hasNginx = toolAvailable('nginx', findNginx() !== undefined);
// The native reference joins when installed (CI installs it: toolAvailable throws there if not).
const REF = toolAvailable('h2load', findH2load() !== undefined) ? ['h2load'] : [];

/** The three counts that must agree for a run that measured. */
function expectCountsAgree(results: Awaited<ReturnType<typeof runCases>>, id: string): void {
  const run = runOf(results, id);
  expect(run.status, `${id}: ${run.error?.message ?? run.skipReason ?? ''}`).toBe('ok');
  expect(run.requests.failed, `${id} errors ${JSON.stringify(run.requests.errors)}`).toBe(0);
  const c = run.connections;
  expect(c.opened, id).toBeGreaterThan(0);
  expect(c.serverAccepted, `${id}: nginx stub_status accepted`).toBe(c.opened);
  expect(c.server?.loggedConnections, `${id}: distinct $connection in the access log`).toBe(c.opened - c.unused);
  expect(c.server?.requestsByProtocol, id).toEqual(
    run.connections.alpn.h2 || run.connections.alpn.h2c ? { h2: run.requests.ok } : { 'http/1.1': run.requests.ok },
  );
  // TLS full/resumed, ALPN, requests per connection and peak streams against nginx's log.
  expectCountsMatchServer(run, 'nginx');
}

describe.skipIf(!hasNginx)('nginx target (real nginx)', () => {
  describe('TLS, no client certificate', () => {
    let target: Target;
    beforeAll(async () => {
      target = await startNginxTarget();
    });
    afterAll(() => target?.close());

    it('records nginx version and limits', () => {
      expect(target.kind).toBe('nginx');
      expect(target.server?.software).toBe('nginx');
      expect(target.server?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(target.server?.settings).toMatchObject({ http2_max_concurrent_streams: 128, keepalive_requests: 1000 });
    });

    it('every strategy: ledger connections = nginx accepted = distinct $connection', async () => {
      const results = await runCases(target, [...ALL, ...REF]);
      for (const id of [...ALL, ...REF]) expectCountsAgree(results, id);
      // A multiplexing client: one connection and 6 requests per round on it (1 cold + 1 warm-up + 2+ timed rounds).
      const single = runOf(results, 'http2-single-session');
      expect(single.connections.opened).toBe(1);
      expect(single.connections.server?.tlsFull).toBe(1);
      expect(single.connections.server?.alpn).toEqual({ h2: 1 });
      expect(single.connections.server?.requestsByProtocol.h2).toBe(single.requests.ok);
      // gRPC through nginx's grpc_pass, and the two clients teams ship on HTTP/2: one connection each.
      for (const id of ['grpc-js', 'axios-h2', 'smithy-h2']) {
        const run = runOf(results, id);
        expect(run.connections.opened, id).toBe(1);
        expect(run.connections.server?.alpn, id).toEqual({ h2: 1 });
      }
      // Server CPU: nginx's workers over the case, per request nginx answered.
      for (const id of [...ALL, ...REF]) {
        const run = runOf(results, id);
        expect(run.cpu?.server?.requests, id).toBe(run.requests.ok);
        expect(run.cpu?.server?.totalUs, id).toBeGreaterThan(0);
      }
    });

    it("nginx's workers are what the CPU reading sums, and it grows while nginx answers", async () => {
      const workers = (await target.serverPids?.()) ?? [];
      const before = processesCpuNs(workers);
      expect(before).toBeGreaterThan(0);
      await runCases(target, ['http2-single-session']);
      expect(processesCpuNs(workers)).toBeGreaterThan(before!);
    });
  });

  describe('mutual TLS', () => {
    let target: Target;
    beforeAll(async () => {
      target = await startNginxTarget({ mtls: true });
    });
    afterAll(() => target?.close());

    it('every strategy that can send a client certificate succeeds; fetch says why it cannot', async () => {
      const results = await runCases(target, [...ALL, ...REF]);
      for (const id of ALL.filter((s) => s !== 'fetch')) expectCountsAgree(results, id);
      for (const id of REF) expect(runOf(results, id).skipReason).toBe('h2load cannot present a client certificate (no mutual TLS option)');
      const fetchRun = runOf(results, 'fetch');
      expect(fetchRun.status).toBe('skipped');
      expect(fetchRun.skipReason).toMatch(/cannot send a client certificate/);
      expect(results.target.server?.settings.ssl_verify_client).toBe('on');
    });

    it('a client without a certificate gets one clear line', async () => {
      const { cert: _c, key: _k, certPath: _cp, keyPath: _kp, ...noCert } = target.tls;
      const error = await preflight(target.origin, noCert, '/ping/0').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunError);
      expect((error as Error).message).toBe(
        `${target.origin.origin} requires a client certificate and none was sent: pass --cert FILE --key FILE (or --mtls for the local and nginx targets)`,
      );
    });
  });

  describe('cleartext h2c listener', () => {
    let target: Target;
    beforeAll(async () => {
      target = await startNginxTarget({ h2c: true });
    });
    afterAll(() => target?.close());

    it('h2 strategies speak h2c with prior knowledge; HTTP/1.1-only strategies are skipped with the reason', async () => {
      expect(target.origin.protocol).toBe('http:');
      const results = await runCases(target, [...ALL, ...REF]);
      for (const id of [...H2, ...REF]) {
        expectCountsAgree(results, id);
        const run = runOf(results, id);
        expect(run.connections.alpn, id).toEqual({ h2c: run.connections.opened });
        expect(run.connections.server?.alpn, id).toEqual({ h2c: run.connections.opened });
      }
      for (const id of ['undici-h1', 'https-keepalive', 'got-h1', 'fetch', 'got-h2', 'axios-h1']) {
        const run = runOf(results, id);
        expect(run.status, id).toBe('skipped');
        expect(run.skipReason, id).toBeTruthy();
      }
      expect(runOf(results, 'undici-h1').skipReason).toMatch(/speaks only HTTP\/2 with prior knowledge/);
      expect(runOf(results, 'got-h2').skipReason).toMatch(/needs TLS/);
    });
  });
});
