/**
 * External clients, real programs against the real local target: curl in its three
 * archetypes, h2load on one and on N connections, a client without a certificate for an
 * --mtls target, a command that hangs, and trace from the server's view. Every count is
 * also held to the server's separate counters (connections.server), kept by other code.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { toolAvailable } from '../../test/support/real-target.js';
import { CURL, clients, hasProgram, traceClients, verifyClients } from '../../test/support/client-cmd.js';

const C = 8;

/** Alive and not a zombie (a killed orphan may wait a moment for its new parent to reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
const haveCurl = toolAvailable('curl', hasProgram('curl'));
const haveH2load = toolAvailable('h2load', hasProgram('h2load'));

const ruleFailed = (run: { verdicts: Array<{ rule: string; severity: string }> }, rule: string): boolean =>
  run.verdicts.some((v) => v.rule === rule && v.severity === 'fail');

describe.skipIf(!haveCurl || !haveH2load)('verify --client-cmd against the local target', () => {
  it('names curl and h2load correctly: multiplexed, h2 fan-out, HTTP/1.1, N connections', async () => {
    const ran = await verifyClients([
      '--concurrency', String(C),
      ...clients({
        'curl-mux': CURL.multiplexed,
        'curl-fanout': CURL.fanOut,
        'curl-h1': CURL.http1,
        'h2load-mux': 'h2load -c 1 -m {concurrency} -n {concurrency} {url}',
        'h2load-conns': 'h2load -c {concurrency} -m 1 -n {concurrency} {url}',
      }),
    ]);
    for (const run of ran.results.runs) {
      expect(run.status, `${run.strategy}: ${run.error?.message ?? ''}`).toBe('ok');
      // The ledger's count against the server's own counters (a separate code path).
      expect(run.connections.opened, run.strategy).toBe(run.connections.server?.accepted);
      expect(run.requests.ok, run.strategy).toBe(C);
    }

    const mux = ran.run('curl-mux');
    expect(mux.connections.opened).toBe(1);
    expect(mux.connections.alpn).toEqual({ h2: 1 });
    expect(mux.connections.maxConcurrentStreams).toBeGreaterThan(1);
    expect(mux.verdicts.filter((v) => v.severity === 'fail')).toEqual([]);
    expect(ran.out).toContain(`server saw: 1 connection, 1 full TLS handshake, ALPN h2, ${C} requests`);

    const fanOut = ran.run('curl-fanout');
    expect(fanOut.connections.opened).toBe(C);
    expect(fanOut.connections.alpn).toEqual({ h2: C });
    expect(fanOut.connections.maxConcurrentStreams).toBe(1);
    expect(ruleFailed(fanOut, 'cold-burst-fan-out')).toBe(true);
    expect(ruleFailed(fanOut, 'downgrade')).toBe(false);

    const h1 = ran.run('curl-h1');
    expect(h1.connections.opened).toBe(C);
    expect(h1.connections.alpn).toEqual({ 'http/1.1': C });
    expect(ruleFailed(h1, 'downgrade')).toBe(true);
    expect(ruleFailed(h1, 'cold-burst-fan-out')).toBe(true);

    const h2loadMux = ran.run('h2load-mux');
    expect(h2loadMux.connections.opened).toBe(1);
    expect(h2loadMux.verdicts.filter((v) => v.severity === 'fail')).toEqual([]);

    const h2loadConns = ran.run('h2load-conns');
    expect(h2loadConns.connections.opened).toBe(C);
    expect(ruleFailed(h2loadConns, 'cold-burst-fan-out')).toBe(true);

    expect(ran.failed.sort()).toEqual(['curl-fanout', 'curl-h1', 'h2load-conns']);
    expect(ran.out).toContain('command: exit 0 after');
  }, 120_000);

  it('a client that sends no certificate to an --mtls target is a failed verify that says so', async () => {
    const ran = await verifyClients(['--mtls', '--concurrency', '2', ...clients({ 'no-cert': CURL.multiplexed })]);
    const run = ran.run('no-cert');
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('CLIENT_EXIT');
    expect(run.client?.exitCode).not.toBe(0);
    expect(run.client?.stderrTail.join('\n')).toMatch(/curl: \(\d+\)/);
    expect(ran.out).toMatch(/the command exited with status \d+; its stderr ends: curl: \(\d+\)/);
    expect(ran.out).toMatch(/the server saw 0 connections, 0 requests, \d+ connections? never finished TLS/);
    expect(ran.failed).toEqual(['no-cert']);
  }, 60_000);

  it('a command that hangs is killed with its process group at --client-timeout', async () => {
    const pidFile = path.join(tmpdir(), `muxbench-hang-${process.pid}.pid`);
    rmSync(pidFile, { force: true });
    // The shell starts a grandchild and waits on it: both must die at the bound.
    const ran = await verifyClients([
      '--concurrency', '2', '--client-timeout', '1',
      ...clients({ hang: `sh -c 'sleep 30 & echo $! > ${pidFile}; wait'` }),
    ]);
    const run = ran.run('hang');
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('CLIENT_TIMEOUT');
    expect(run.client?.timedOut).toBe(true);
    expect(ran.out).toContain('did not finish within 1 s (--client-timeout) and was killed with its process group');
    expect(existsSync(pidFile)).toBe(true);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile, { force: true });
    expect(running(sleeper)).toBe(false);
    expect(ran.failed).toEqual(['hang']);
  }, 60_000);

  it('a command that sends fewer requests than --concurrency is judged at what the server saw', async () => {
    // Three fixed URLs under the default --concurrency (100): the verdict speaks of 3.
    const three = 'curl -sS --no-progress-meter --http2 --parallel --parallel-immediate --cacert {ca} -o /dev/null {url}?n=1 {url}?n=2 {url}?n=3';
    const ran = await verifyClients(clients({ three }));
    const run = ran.run('three');
    expect(run.status, run.error?.message).toBe('ok');
    expect(run.concurrency).toBe(3);
    expect(run.connections.cold.opened).toBe(run.connections.server?.accepted);
    expect(ran.out).toContain('three (one-connection, burst, concurrency 3): FAIL');
    expect(ran.out).toContain('✗ cold-burst-fan-out: 3 concurrent requests opened 3 connections on the cold round');
  }, 60_000);

  it('run --client-cmd adds a row counted by the server, its latency labelled as the server\'s', async () => {
    let out = '';
    const code = await main(
      ['run', '--quick', '--scenario', 'burst', '--concurrency', '4', '--no-write', '--quiet', ...clients({ 'curl-mux': CURL.multiplexed })],
      { stdout: (t) => void (out += t), stderr: () => {} },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/│ curl-mux +│ h2 +│ +1 \/ 0 │ +1 \/ 0 │ +4 │/);
    expect(out).toContain("external clients (--client-cmd): curl-mux — counted by the server; p50/p99/max are the server's per-request time");
    // Like --strategy-file: without --strategies only the command's row runs.
    expect(out).not.toContain('http2-single-session');
  }, 60_000);

  it('trace --client-cmd draws the server-side timeline of each connection and request', async () => {
    const { out, results } = await traceClients(clients({ 'curl-fanout': CURL.fanOut }));
    const run = results.runs[0];
    expect(run?.connections.opened).toBe(3);
    expect(out).toContain("(the server's view: dial = accepted");
    expect(out).toMatch(/conn #1 {2}dial -?[\d.]+ → tcp up -?[\d.]+ → TLS full h2 -?[\d.]+ {2}\(opened for req \d, carried 1 request in the case, peak 1 in flight\)/);
    expect(out).toMatch(/req 3 \/ping\/5\?n=\d +getConn [\d.]+ · conn #\d new [\d.]+ · done [\d.]+/);
    expect(out).toContain('✗ cold-burst-fan-out: 3 concurrent requests opened 3 connections on the cold round');
  }, 60_000);
});

const haveJava = toolAvailable('java', hasProgram('java'));

describe.skipIf(!haveJava)('a Java 17 client (java.net.http.HttpClient, examples/clients/Client.java)', () => {
  it('is counted by the server and judged by the same rules', async () => {
    const ran = await verifyClients(['--concurrency', '4', ...clients({ java: 'java examples/clients/Client.java {url} {concurrency} {ca}' })]);
    const run = ran.run('java');
    expect(run.status, run.error?.message).toBe('ok');
    expect(run.requests.ok).toBe(4);
    expect(run.connections.opened).toBe(run.connections.server?.accepted);
    expect(run.connections.alpn.h2).toBe(run.connections.opened);
    // Whatever this JDK does on a cold burst, the verdict must follow the count.
    expect(ruleFailed(run, 'cold-burst-fan-out')).toBe(run.connections.cold.opened > 1);
  }, 120_000);
});
