/** `muxbench serve` with a real curl pointed at it by hand, the way a person would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasProgram } from '../../test/support/client-cmd.js';
import { toolAvailable } from '../../test/support/real-target.js';
import { serveCommand, serveConfig } from './serve.js';

const run = promisify(execFile);

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!toolAvailable('curl', hasProgram('curl')))('muxbench serve', () => {
  it('prints where to connect, then what the server saw and the verdicts once traffic is idle', async () => {
    let out = '';
    const stop = new AbortController();
    const serving = serveCommand(serveConfig({ idle: '300', for: '60', concurrency: '3' }), { stdout: (t) => void (out += t), stderr: () => {} }, stop.signal);
    await until(() => /\n {2}key /.test(out), 'the banner');
    const url = /\n {2}url +(\S+)/.exec(out)?.[1] ?? '';
    const ca = /\n {2}ca +(\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/ping\/10$/);
    await run('curl', ['-sS', '--no-progress-meter', '--http1.1', '--parallel', '--cacert', ca, '-o', '/dev/null', `${url}?n=[1-3]`]);
    await until(() => out.includes('traffic:'), 'the traffic summary');
    stop.abort();
    await serving;
    // curl dials its parallel HTTP/1.1 connections a few ms apart: a later one may resume
    // the first one's TLS session (seen: 2 full + 1 resumed), so only the sum is fixed.
    const traffic = /traffic: 3 connections, (\d) full TLS handshakes?(?: \+ (\d) resumed)?, ALPN http\/1.1, 3 requests, at most 1 in flight on one connection/.exec(out);
    expect(traffic, out).not.toBeNull();
    expect(Number(traffic![1]) + Number(traffic![2] ?? 0)).toBe(3);
    expect(out).toMatch(/conn #3 {2}accepted [\d.]+ ms, TLS (full|resumed) http\/1.1, 1 request, peak 1 in flight/);
    // Given: under load three HTTP/1.1 requests need not overlap at the server.
    expect(out).toContain('verdicts (one-connection, concurrency 3):');
    expect(out).toContain('✗ downgrade: the origin speaks h2, but 3 of 3 connections negotiated HTTP/1.1');
    expect(out.trimEnd().endsWith('muxbench serve: stopped')).toBe(true);
  }, 60_000);

  it('--json: one JSON object per line, with the counts of what the server saw', async () => {
    let out = '';
    const stop = new AbortController();
    const serving = serveCommand(serveConfig({ idle: '300', for: '60', json: true }), { stdout: (t) => void (out += t), stderr: () => {} }, stop.signal);
    await until(() => out.includes('\n'), 'the listening line');
    const listening = JSON.parse(out.split('\n')[0]!) as { event: string; origin: string; url: string; ca: string };
    expect(listening.event).toBe('listening');
    expect(listening.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // One HTTP/2 connection carrying 3 requests at once: curl multiplexes --parallel on h2.
    await run('curl', ['-sS', '--no-progress-meter', '--http2', '--parallel', '--cacert', listening.ca, '-o', '/dev/null', `${listening.origin}/ping/500?n=[1-3]`]);
    await until(() => out.includes('"event":"traffic"'), 'the traffic summary');
    stop.abort();
    await serving;
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['listening', 'traffic', 'stopped']);
    const traffic = lines[1]!;
    expect(traffic).toMatchObject({ connections: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 }, requests: 3, requestsOk: 3, tlsFailed: 0 });
    // Given: a 500 ms answer is a floor, so the three overlap at the server.
    expect(traffic.peakInFlightPerConnection).toBe(3);
    expect(traffic.peakInFlight).toBe(3);
    expect(traffic.verdicts).toEqual(expect.arrayContaining([expect.objectContaining({ rule: expect.any(String), severity: expect.any(String) })]));
  }, 60_000);

  it('stops by itself after --for seconds', async () => {
    let out = '';
    await serveCommand(serveConfig({ for: '1' }), { stdout: (t) => void (out += t), stderr: () => {} });
    expect(out).toContain('stops after 1 s');
    expect(out).not.toContain('traffic:');
    expect(out).toContain('muxbench serve: stopped');
  }, 60_000);
});
