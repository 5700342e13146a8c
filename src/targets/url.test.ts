/**
 * `--url` against a server muxbench did not start for the run: here the ping server in
 * its own child process, reached only by URL and CA file. Full client-side counts,
 * no server-side counts, and the preflight's one-line errors.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { RunError } from '../errors.js';
import { ensureCerts, type CertPaths } from './certs.js';
import { freePorts } from './free-port.js';
import { startLocalTarget, type LocalTarget } from './local.js';
import { runCases, runOf } from '../../test/support/real-target.js';
import { startUrlTarget } from './url.js';

describe('--url target', () => {
  let server: LocalTarget;
  let certs: CertPaths;
  let otherDir: string;
  let otherCerts: CertPaths;
  beforeAll(async () => {
    certs = await ensureCerts();
    server = await startLocalTarget({ cleartext: true });
    otherDir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-other-ca-'));
    otherCerts = await ensureCerts(otherDir);
  });
  afterAll(async () => {
    await server?.close();
    await rm(otherDir, { recursive: true, force: true });
  });

  it('measures every connection on the client side; server counts are null', async () => {
    const target = await startUrlTarget({ url: server.origin, caPath: certs.caCert });
    try {
      expect(target.kind).toBe('url');
      const results = await runCases(target, ['http2-single-session', 'undici-h1']);
      expect(results.target).toEqual({ kind: 'url', origin: server.origin.href, mtls: false });
      const single = runOf(results, 'http2-single-session');
      expect(single.status).toBe('ok');
      expect(single.requests.failed).toBe(0);
      expect(single.connections.opened).toBe(1);
      expect(single.connections.tlsFull).toBe(1);
      expect(single.connections.alpn).toEqual({ h2: 1 });
      expect(single.connections.maxConcurrentStreams).toBe(6);
      expect(single.connections.serverAccepted).toBeNull();
      expect(single.connections.server).toBeNull();
      const h1 = runOf(results, 'undici-h1');
      expect(h1.connections.alpn['http/1.1']).toBe(h1.connections.opened);
      expect(h1.connections.serverAccepted).toBeNull();
      // The client's ledger is the whole truth here: every request is on some connection.
      expect(h1.connections.requestsPerConnection.reduce((a, b) => a + b, 0)).toBe(h1.requests.total);
    } finally {
      await target.close();
    }
  });

  it('an http:// origin speaking h2c and HTTP/1.1 runs both kinds of strategy', async () => {
    const url = server.cleartextOrigin;
    if (!url) throw new Error('no cleartext origin');
    const target = await startUrlTarget({ url });
    try {
      expect(target.h2cOnly).toBeUndefined();
      const results = await runCases(target, ['http2-single-session', 'https-keepalive']);
      expect(runOf(results, 'http2-single-session').connections.alpn).toEqual({ h2c: 1 });
      const h1 = runOf(results, 'https-keepalive');
      expect(h1.status).toBe('ok');
      expect(h1.connections.alpn).toEqual({ cleartext: h1.connections.opened });
    } finally {
      await target.close();
    }
  });

  it('preflight: a refused port is one line', async () => {
    const [port] = await freePorts(1);
    const error = await startUrlTarget({ url: new URL(`https://127.0.0.1:${port}`), caPath: certs.caCert }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      `cannot reach https://127.0.0.1:${port}: connection refused at 127.0.0.1:${port} (ECONNREFUSED): is the server running and listening on that port?`,
    );
  });

  it('preflight: a CA that did not sign the server certificate is one line', async () => {
    const error = await startUrlTarget({ url: server.origin, caPath: otherCerts.caCert }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      `cannot reach ${server.origin.origin}: the server's certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN): pass the CA that signed it with --ca FILE`,
    );
  });

  it('the CLI prints the preflight failure as one line and exits 1 before any load', async () => {
    const [port] = await freePorts(1);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['run', '--no-write', '--url', `https://127.0.0.1:${port}`, '--ca', certs.caCert], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `muxbench: cannot reach https://127.0.0.1:${port}: connection refused at 127.0.0.1:${port} (ECONNREFUSED): is the server running and listening on that port?\n`,
    ]);
  });
});
