/**
 * External clients against a real nginx: its per-connection ledger comes from its access
 * log and stub_status. curl's three archetypes with client certificates ({cert}/{key})
 * under --mtls, a curl without one, and h2load (which has no client-certificate option,
 * so it runs against nginx without --mtls).
 */
import { describe, expect, it } from 'vitest';
import { findNginx } from '../targets/nginx/process.js';
import { toolAvailable } from '../../test/support/real-target.js';
import { CURL, clients, hasProgram, verifyClients, withCert } from '../../test/support/client-cmd.js';

const C = 6;
const ready = toolAvailable('nginx', findNginx() !== undefined) && toolAvailable('curl', hasProgram('curl'));
const haveH2load = toolAvailable('h2load', hasProgram('h2load'));

const failedRules = (run: { verdicts: Array<{ rule: string; severity: string }> }): string[] =>
  run.verdicts.filter((v) => v.severity === 'fail').map((v) => v.rule);

describe.skipIf(!ready)('verify --client-cmd --target nginx', () => {
  it('--mtls: curl with {cert}/{key} in its three archetypes, and without a certificate', async () => {
    const ran = await verifyClients([
      '--target', 'nginx', '--mtls', '--concurrency', String(C),
      ...clients({
        'curl-mux': withCert(CURL.multiplexed),
        'curl-fanout': withCert(CURL.fanOut),
        'curl-h1': withCert(CURL.http1),
        // nginx finishes the handshake and answers 400 "No required SSL certificate was sent".
        'no-cert': CURL.multiplexed,
      }),
    ]);
    const mux = ran.run('curl-mux');
    const fanOut = ran.run('curl-fanout');
    const h1 = ran.run('curl-h1');
    for (const run of [mux, fanOut, h1]) {
      expect(run.status, `${run.strategy}: ${run.error?.message ?? ''}`).toBe('ok');
      expect(run.requests.ok, run.strategy).toBe(C);
      // The ledger (access log per connection) against stub_status's accepted count.
      expect(run.connections.opened, run.strategy).toBe(run.connections.server?.accepted);
    }
    expect(mux.connections.opened).toBe(1);
    expect(mux.connections.alpn).toEqual({ h2: 1 });
    expect(failedRules(mux)).toEqual([]);
    expect(fanOut.connections.opened).toBe(C);
    expect(fanOut.connections.alpn).toEqual({ h2: C });
    expect(failedRules(fanOut)).toEqual(['cold-burst-fan-out']);
    expect(h1.connections.alpn).toEqual({ 'http/1.1': C });
    expect(failedRules(h1)).toEqual(['downgrade', 'cold-burst-fan-out']);

    const noCert = ran.run('no-cert');
    expect(noCert.status).toBe('error');
    expect(noCert.error?.code).toBe('CLIENT_NO_REQUESTS');
    expect(noCert.error?.message).toContain('no request succeeded at the server');
    expect(ran.failed.sort()).toEqual(['curl-fanout', 'curl-h1', 'no-cert']);
  }, 120_000);

  it.skipIf(!haveH2load)('h2load: -c 1 -m N is multiplexed, -c N is N connections', async () => {
    const ran = await verifyClients([
      '--target', 'nginx', '--concurrency', String(C),
      ...clients({
        'h2load-mux': 'h2load -c 1 -m {concurrency} -n {concurrency} {url}',
        'h2load-conns': 'h2load -c {concurrency} -m 1 -n {concurrency} {url}',
      }),
    ]);
    const mux = ran.run('h2load-mux');
    const conns = ran.run('h2load-conns');
    for (const run of [mux, conns]) {
      expect(run.status, `${run.strategy}: ${run.error?.message ?? ''}`).toBe('ok');
      expect(run.connections.opened, run.strategy).toBe(run.connections.server?.accepted);
    }
    expect(mux.connections.opened).toBe(1);
    expect(failedRules(mux)).toEqual([]);
    expect(conns.connections.opened).toBe(C);
    expect(failedRules(conns)).toEqual(['cold-burst-fan-out']);
  }, 120_000);
});
