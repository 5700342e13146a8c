/** The native reference row against a real local server: counts checked by the server, ratios computed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTarget, type LocalTarget } from '../targets/local.js';
import { MINI_SCENARIO, runCases, runOf, toolAvailable } from '../../test/support/real-target.js';
import { H2LOAD_INSTALL_HINT, findH2load, h2loadReference, referenceRequests } from './h2load.js';

const hasH2load = toolAvailable('h2load', findH2load() !== undefined);
const THROUGHPUT = { ...MINI_SCENARIO, id: 'throughput', delaysMs: [0, 0, 0, 0, 0, 0] };

describe.skipIf(!hasH2load)('h2load native reference (real h2load)', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget({ cleartext: true });
  });
  afterAll(() => target?.close());

  it('runs -c 1 -m C against the target: one server-side connection, every request ok, ratios for the Node rows', async () => {
    const results = await runCases(target, ['http2-single-session', 'h2load'], THROUGHPUT);
    const row = runOf(results, 'h2load');
    expect(row.status, row.error?.message).toBe('ok');
    const n = referenceRequests(THROUGHPUT, target);
    expect(n).toBe(60);
    expect(row.requests).toEqual({ total: n, ok: n, failed: 0, errors: {} });
    expect(row.connections.serverAccepted).toBe(1);
    expect(row.connections.server?.requestsByProtocol).toEqual({ h2: n });
    expect(row.connections.server?.alpn).toEqual({ h2: 1 });
    expect(row.connections.server?.maxConcurrentStreams).toBeLessThanOrEqual(THROUGHPUT.concurrency);
    expect(row.throughputRps).toBeGreaterThan(0);
    const node = results.aggregates.find((a) => a.strategy === 'http2-single-session');
    const ref = results.aggregates.find((a) => a.strategy === 'h2load');
    expect(node?.vsReference).toBe((node?.throughputRps.mean ?? 0) / (ref?.throughputRps.mean ?? 1));
    expect(ref?.vsReference).toBeUndefined();
  });

  it('speaks h2c with prior knowledge on an http:// origin', async () => {
    const h2c = { ...target, origin: target.cleartextOrigin ?? target.origin };
    const results = await runCases(h2c, ['h2load'], THROUGHPUT);
    const row = runOf(results, 'h2load');
    expect(row.status, row.error?.message).toBe('ok');
    expect(row.connections.alpn).toEqual({ h2c: 1 });
    expect(row.connections.server?.alpn).toEqual({ h2c: 1 });
    expect(row.connections.serverAccepted).toBe(1);
  });
});

describe('h2load reference: when it cannot run, the row says why', () => {
  it('not installed', () => {
    const saved = process.env.MUXBENCH_H2LOAD;
    process.env.MUXBENCH_H2LOAD = '/nonexistent/h2load';
    try {
      const reason = h2loadReference.unsupported?.({ origin: new URL('https://127.0.0.1:1'), tls: { ca: '', caPath: '' } });
      expect(reason).toBe(H2LOAD_INSTALL_HINT);
      expect(reason).toBe('h2load not installed: apt-get install -y nghttp2-client');
    } finally {
      if (saved === undefined) delete process.env.MUXBENCH_H2LOAD;
      else process.env.MUXBENCH_H2LOAD = saved;
    }
  });

  it.skipIf(!hasH2load)('mutual TLS', () => {
    const reason = h2loadReference.unsupported?.({ origin: new URL('https://127.0.0.1:1'), tls: { ca: '', caPath: '', cert: 'x', key: 'y' } });
    expect(reason).toBe('h2load cannot present a client certificate (no mutual TLS option)');
  });
});
