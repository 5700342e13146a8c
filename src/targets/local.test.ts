import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MuxbenchError, UsageError } from '../errors.js';
import { startLocalTarget } from './local.js';
import { closeSession, connectH2, h2get, removeTempDirs, tempDir } from '../../test/support/target.js';
import type { Target } from './types.js';

afterAll(removeTempDirs);

describe('local target (ping server in a child process)', () => {
  let target: Target;
  const certsDir = tempDir();
  beforeAll(async () => {
    target = await startLocalTarget({ certsDir, mtls: true });
  }, 20_000);
  afterAll(() => target.close());

  it('describes itself', () => {
    expect(target.kind).toBe('local');
    expect(target.mtls).toBe(true);
    expect(target.origin.protocol).toBe('https:');
    expect(target.origin.hostname).toBe('127.0.0.1');
    expect(Number(target.origin.port)).toBeGreaterThan(0);
    expect(target.tls.ca).toContain('BEGIN CERTIFICATE');
    expect(target.tls.cert).toContain('BEGIN CERTIFICATE');
    expect(target.tls.key).toContain('PRIVATE KEY');
    expect(target.pathFor(10)).toBe('/ping/10');
    expect(target.pathFor(0)).toBe('/ping/0');
  });

  it('serves a request, counts it, and zeroes the counters on reset', async () => {
    const { session } = connectH2(target.origin, { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key });
    expect(await h2get(session, target.pathFor(0))).toEqual({ status: 200, body: 'pong\n', contentType: 'text/plain' });
    await closeSession(session);
    expect(await target.readCounters()).toEqual({
      accepted: 1,
      tlsFull: 1,
      tlsResumed: 0,
      requestsByProtocol: { h2: 1 },
      alpn: { h2: 1 },
      maxConcurrentStreams: 1,
    });
    await target.resetCounters();
    expect(await target.readCounters()).toEqual({
      accepted: 0,
      tlsFull: 0,
      tlsResumed: 0,
      requestsByProtocol: {},
      alpn: {},
      maxConcurrentStreams: 0,
    });
  });

  it('stops the server on close, and says so when asked for counters afterwards', async () => {
    const other = await startLocalTarget({ certsDir });
    const origin = other.origin;
    await other.close();
    await other.close(); // idempotent
    const error = await other.readCounters().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MuxbenchError);
    expect((error as MuxbenchError).code).toBe('MUXBENCH_SERVER_EXITED');
    const refused = await new Promise<unknown>((resolve) => {
      const socket = net.connect(Number(origin.port), origin.hostname, () => resolve(null));
      socket.on('error', resolve);
    });
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
  }, 20_000);

  it('refuses bad options before spawning anything', async () => {
    await expect(startLocalTarget({ certsDir, maxConcurrentStreams: -1 })).rejects.toThrow(UsageError);
  });
});
