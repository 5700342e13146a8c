/**
 * The tap in this process, against the real ping server in its own process: every
 * strategy's connections, handshakes, ALPN, requests per connection and peak streams as
 * the ledger counts them, held against the server's own count, on the TLS port and on
 * the cleartext (h2c + HTTP/1.1) port. In-process on purpose: the worker-process tests
 * (run/counts-match-server.test.ts) check the same through the whole pipeline, this one
 * pins the tap itself and is fast enough for mutation testing.
 */
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerCounts } from '../results.js';
import { findStrategy } from '../strategies/registry.js';
import { startLocalTarget, type LocalTarget } from '../targets/local.js';
import { ConnectionLedger, type LedgerSummary } from './ledger.js';
import { tagPath } from './request-tag.js';
import { installTap } from './tap.js';

const N = 8;
const DELAY_MS = 30;

interface Measured {
  ledger: LedgerSummary;
  server: ServerCounts;
}

/** One cold burst of N concurrent pings, then one warm burst, through a real strategy. */
async function burstThrough(target: LocalTarget, strategyId: string): Promise<Measured> {
  const strategy = findStrategy(strategyId);
  if (!strategy) throw new Error(`no strategy ${strategyId}`);
  await target.resetCounters();
  const ledger = new ConnectionLedger();
  const tap = installTap(ledger);
  try {
    const client = await strategy.open({ origin: target.origin, tls: target.tls, concurrency: N, ledger });
    try {
      let request = 0;
      for (const phase of ['cold', 'warm'] as const) {
        ledger.phase = phase;
        const signal = AbortSignal.timeout(10_000);
        await Promise.all(Array.from({ length: N }, () => client.ping(tagPath(target.pathFor(DELAY_MS), ++request), signal)));
      }
    } finally {
      await client.close();
    }
  } finally {
    tap.uninstall();
  }
  const server = await target.readCounters();
  if (!server) throw new Error('the local server gave no counters');
  return { ledger: ledger.summary(), server };
}

/** The ledger's own counts (never a value copied from the server) against the server's. */
function expectLedgerMatchesServer({ ledger, server }: Measured, label: string): void {
  const serverRequests = Object.values(server.requestsByProtocol).reduce((a, b) => a + b, 0);
  expect(serverRequests, `${label}: server saw every request`).toBe(2 * N);
  expect(ledger.opened, `${label}: connections`).toBe(server.accepted);
  expect(ledger.tlsFull, `${label}: full handshakes`).toBe(server.tlsFull);
  expect(ledger.tlsResumed, `${label}: resumed handshakes`).toBe(server.tlsResumed);
  expect(ledger.alpn, `${label}: ALPN`).toEqual(server.alpn);
  expect(ledger.requestsPerConnection.reduce((a, b) => a + b, 0), `${label}: requests per connection add up`).toBe(serverRequests);
  expect(ledger.maxConcurrentStreams, `${label}: peak streams on one connection`).toBe(server.maxConcurrentStreams);
}

// got-h2 needs TLS; fetch reads its CA from the environment at process start (a worker
// concern), so both run only in the worker-process tests.
const TLS_STRATEGIES = ['http2-single-session', 'http2-session-per-request', 'undici-h2', 'undici-h2-single', 'undici-h1', 'https-keepalive', 'got-h1', 'got-h2'];
const H2C_STRATEGIES = ['http2-single-session', 'http2-session-per-request', 'undici-h2', 'undici-h2-single', 'undici-h1', 'https-keepalive', 'got-h1'];

describe('tap on the TLS port', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget();
  });
  afterAll(() => target?.close());

  it.each(TLS_STRATEGIES)('%s: ledger = server', async (id) => {
    expectLedgerMatchesServer(await burstThrough(target, id), id);
  });
});

describe('the request tag on the wire', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget();
  });
  afterAll(() => target?.close());

  // The tap reads the tag off an HTTP/2 stream's :path and sends the path without it, so
  // that HPACK indexes the :path and the server parses what the workload asked for. Over
  // HTTP/1.1 the request line is the library's: the tag stays (the server ignores it).
  it.each([
    ['http2-single-session', 'untagged'],
    ['undici-h2', 'untagged'],
    ['got-h2', 'untagged'],
    ['https-keepalive', 'tagged'],
  ] as const)('%s: the server sees the path %s', async (id, seen) => {
    const tagged = seen === 'tagged';
    const m = await burstThrough(target, id);
    const { requests } = await target.readLedger!();
    expect(requests).toHaveLength(2 * N);
    for (const r of requests) expect(r.path).toEqual(tagged ? expect.stringMatching(/^\/ping\/30\?muxbench=\d+$/) : '/ping/30');
    // Still tied to their streams on the client side: every request counted on a connection.
    expect(m.ledger.requestsPerConnection.reduce((a, b) => a + b, 0)).toBe(2 * N);
  });
});

describe('uninstall', () => {
  it('gives the HTTP/2 client stream back its own emit', async () => {
    const target = await startLocalTarget();
    try {
      const get = async (): Promise<object> => {
        const session = http2.connect(target.origin, { ca: target.tls.ca });
        try {
          const stream = session.request({ ':path': tagPath(target.pathFor(0), 1) });
          stream.resume();
          await new Promise((resolve) => stream.on('close', resolve));
          return Object.getPrototypeOf(stream) as object;
        } finally {
          session.close();
        }
      };
      const proto = (await get()) as { emit: unknown };
      const own = proto.emit;
      const ledger = new ConnectionLedger();
      const tap = installTap(ledger);
      await get();
      expect(proto.emit).not.toBe(own);
      tap.uninstall();
      expect(proto.emit).toBe(own);
      expect(ledger.summary().requestsPerConnection).toEqual([1]);
    } finally {
      await target.close();
    }
  });
});

describe('tap on the cleartext port (h2c with prior knowledge, HTTP/1.1)', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget({ h2c: true });
  });
  afterAll(() => target?.close());

  it.each(H2C_STRATEGIES)('%s: ledger = server', async (id) => {
    expectLedgerMatchesServer(await burstThrough(target, id), id);
  });

  // The regression this file was written for: undici publishes "headers sent" before it
  // opens the HTTP/2 stream, so the tap counted the first request on each h2c connection
  // twice (once as HTTP/1.x, once as a stream): 54 requests for 48, peak 2 against 1.
  it('undici-h2: each request counted once, one stream each on the cold round', async () => {
    const m = await burstThrough(target, 'undici-h2');
    expect(m.ledger.alpn).toEqual({ h2c: m.ledger.opened });
    expect(m.ledger.requestsPerConnection.reduce((a, b) => a + b, 0)).toBe(2 * N);
    expect(m.server.maxConcurrentStreams).toBe(m.ledger.maxConcurrentStreams);
  });

  it('undici-h2-single: 1 connection, 2N requests on it, N at once', async () => {
    const m = await burstThrough(target, 'undici-h2-single');
    expect(m.ledger.requestsPerConnection).toEqual([2 * N]);
    expect(m.ledger.maxConcurrentStreams).toBe(N);
    expect(m.server.maxConcurrentStreams).toBe(N);
  });
});
