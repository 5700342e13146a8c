/**
 * --request-bytes: every ping of every built-in strategy (and h2load, and a client
 * command) is a POST whose body the server receives whole. Judged by the ping server's own
 * ledger, per request: exactly N bytes read for each, and as many requests as the client
 * counted. N = 65536 is bigger than HTTP/2's initial stream window (65535 bytes), so an
 * h2 client must also wait for the server's WINDOW_UPDATE to finish a body.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInfo } from '../results.js';
import { strategies } from '../strategies/registry.js';
import { startLocalTarget } from '../targets/local.js';
import type { Target } from '../targets/types.js';
import { findH2load, h2loadRow } from '../reference/h2load.js';
import { hasProgram, verifyClients } from '../../test/support/client-cmd.js';
import { toolAvailable } from '../../test/support/real-target.js';
import { runOnce } from './run-once.js';

const BYTES = 65_536;
const C = 4;
const scenario: ScenarioInfo = {
  id: 'burst',
  description: `${C} concurrent POSTs of ${BYTES} bytes`,
  concurrency: C,
  delaysMs: Array.from({ length: C }, () => 0),
  rounds: { warmup: 0, min: 1, maxTimeMs: 1 },
  requestBytes: BYTES,
};
const hasH2load = toolAvailable('h2load', findH2load() !== undefined);

describe.each([
  { id: 'local TLS', h2c: false },
  { id: 'local h2c', h2c: true },
])(`--request-bytes ${BYTES} on $id: the server read exactly that many bytes of every request`, ({ h2c }) => {
  let target: Target;
  beforeAll(async () => {
    target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')), h2c });
  });
  afterAll(() => target?.close());

  const rows = [...strategies.map((strategy) => ({ id: strategy.id, row: { strategy } })), ...(hasH2load ? [{ id: 'h2load', row: h2loadRow }] : [])];
  it.each(rows)('$id', async ({ id, row }) => {
    const run = (await runOnce(target, scenario, [row])).runs[0];
    if (!run) throw new Error(`no run of ${id}`);
    if (run.status === 'skipped') {
      // got-h2 needs TLS: the only strategy that may not run on the cleartext port.
      expect(`${id} on h2c`, run.skipReason).toBe('got-h2 on h2c');
      return;
    }
    expect(run.status, `${id}: ${run.error?.message ?? ''}`).toBe('ok');
    expect(run.requests.failed, `${id}: ${JSON.stringify(run.requests.errors)}`).toBe(0);
    const ledger = await target.readLedger!();
    expect(ledger.requests.length, id).toBe(run.requests.ok);
    expect(ledger.requests.length, id).toBeGreaterThanOrEqual(2 * C);
    for (const request of ledger.requests) {
      expect(request.bodyBytes, `${id}: ${request.path} on connection ${request.conn}`).toBe(BYTES);
      expect(request.status, id).toBe(200);
    }
    expect(run.connections.server?.requestBodyBytes, id).toBe(BYTES * run.requests.ok);
  });
});

describe.skipIf(!hasProgram('curl'))('--request-bytes through the command line, with a client command', () => {
  it("verify --request-bytes: a curl command POSTs {body}; the strategies' bodies and its own all reach the server", async () => {
    const ran = await verifyClients([
      '--request-bytes', String(BYTES), '--concurrency', '2', '--strategies', 'http2-single-session,grpc-js,axios-h1',
      '--client-cmd', 'curl -sf --http2 --cacert {ca} --data-binary @{body} -o /dev/null {url}', '--client-id', 'curl-post',
    ]);
    for (const id of ['http2-single-session', 'grpc-js', 'axios-h1', 'curl-post']) {
      const run = ran.run(id);
      expect(run.status, `${id}: ${run.error?.message ?? ''}`).toBe('ok');
      const requests = Object.values(run.connections.server?.requestsByProtocol ?? {}).reduce((a, b) => a + b, 0);
      expect(requests, id).toBeGreaterThan(0);
      expect(run.connections.server?.requestBodyBytes, id).toBe(BYTES * requests);
    }
  }, 120_000);
});
