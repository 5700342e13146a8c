/** `--target local --h2c`: the ping server's cleartext port, h2c with prior knowledge and HTTP/1.1 on one port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../strategies/registry.js';
import { startLocalTarget, type LocalTarget } from './local.js';
import { runCases, runOf } from './real-target-testing.js';

const H2 = ['http2-single-session', 'http2-session-per-request', 'undici-h2', 'undici-h2-single'];
const H1 = ['undici-h1', 'https-keepalive', 'got-h1', 'fetch'];

describe('local target, h2c port', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget({ h2c: true });
  });
  afterAll(() => target?.close());

  it('h2 strategies use prior knowledge, h1 strategies HTTP/1.1, got-h2 is skipped with the reason; client = server counts', async () => {
    expect(target.origin.protocol).toBe('http:');
    const results = await runCases(target, strategies.map((s) => s.id));
    for (const id of [...H2, ...H1]) {
      const run = runOf(results, id);
      expect(run.status, `${id}: ${run.error?.message ?? run.skipReason ?? ''}`).toBe('ok');
      expect(run.requests.failed, id).toBe(0);
      expect(run.connections.serverAccepted, id).toBe(run.connections.opened);
      expect(run.connections.tlsFull + run.connections.tlsResumed, id).toBe(0);
      const expected = H2.includes(id) ? { h2c: run.connections.opened } : { cleartext: run.connections.opened };
      expect(run.connections.alpn, id).toEqual(expected);
      expect(run.connections.server?.alpn, id).toEqual(expected);
      const protocol = H2.includes(id) ? 'h2' : 'http/1.1';
      expect(run.connections.server?.requestsByProtocol, id).toEqual({ [protocol]: run.requests.ok });
    }
    expect(runOf(results, 'http2-single-session').connections.opened).toBe(1);
    expect(runOf(results, 'undici-h2-single').connections.opened).toBe(1);
    const gotH2 = runOf(results, 'got-h2');
    expect(gotH2.status).toBe('skipped');
    expect(gotH2.skipReason).toMatch(/silently uses HTTP\/1\.1, not h2c/);
  });
});
