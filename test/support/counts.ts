/**
 * Test support (not a test file): the counts-match-server assertions, shared by every
 * test that measures through the real pipeline against a server that counts (the local
 * ping server, nginx), so each path checks the same things the same way.
 *
 * Only the ledger's own counts are compared. `connections.serverAccepted` is copied from
 * the server's count when the case result is built, so it cannot disagree with it.
 */
import { expect } from 'vitest';
import type { CaseResult } from '../../src/results.js';

export type ServerKind = 'local' | 'nginx';

/** The strategy plus whatever else tells its runs apart (the runtime, once runs carry one). */
export function labelOf(run: CaseResult): string {
  const runtime = (run as CaseResult & { runtime?: { id?: string } }).runtime;
  return runtime?.id ? `${run.strategy} on ${runtime.id}` : run.strategy;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * The ledger's independent counts against the server's. For nginx, TLS, ALPN and peak
 * streams come from its access log, which only has connections that carried a request:
 * those are compared exactly when no connection went unused, and over the logged
 * connections otherwise.
 */
export function expectCountsMatchServer(run: CaseResult, serverKind: ServerKind): void {
  const label = labelOf(run);
  const c = run.connections;
  const server = c.server;
  expect(server, `${label}: server counts`).not.toBeNull();
  if (!server) return;
  expect(c.opened, `${label}: connections (ledger) = accepted (server)`).toBe(server.accepted);
  expect(c.opened, `${label}: connections`).toBeGreaterThan(0);
  expect(sum(Object.values(server.requestsByProtocol)), `${label}: requests the server saw`).toBe(run.requests.ok);
  expect(sum(c.requestsPerConnection), `${label}: requests per connection add up`).toBe(run.requests.ok);
  expect(c.requestsPerConnection, `${label}: one entry per connection`).toHaveLength(c.opened);
  expect(c.requestsPerConnection.filter((n) => n === 0).length, `${label}: unused`).toBe(c.unused);
  expect(c.cold.opened + c.warm.opened, `${label}: cold + warm`).toBe(c.opened);
  const logged = serverKind === 'nginx' ? server.loggedConnections : undefined;
  if (serverKind === 'nginx') expect(logged, `${label}: distinct $connection in nginx's log`).toBe(c.opened - c.unused);
  if (serverKind === 'local' || c.unused === 0) {
    expect(c.tlsFull, `${label}: full TLS handshakes`).toBe(server.tlsFull);
    expect(c.tlsResumed, `${label}: resumed TLS handshakes`).toBe(server.tlsResumed);
    expect(c.alpn, `${label}: ALPN`).toEqual(server.alpn);
  } else {
    expect(server.tlsFull + server.tlsResumed, `${label}: handshakes of the logged connections`).toBeLessThanOrEqual(c.tlsFull + c.tlsResumed);
    expect(sum(Object.values(server.alpn)), `${label}: ALPN of the logged connections`).toBe(logged);
  }
  // nginx logs whole milliseconds; with a 20 ms delay and requests sent together, the
  // overlap it sees is the one the client sees.
  expect(c.maxConcurrentStreams, `${label}: peak streams on one connection`).toBe(server.maxConcurrentStreams);
}
