/**
 * --bandwidth through a whole run: requests with a body through a capped relay take at
 * least their bytes at the link's rate (a floor, never a ceiling), every count stays the
 * server's own and the relay's own, and the cap is in the results and the header.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results, ScenarioInfo } from '../../results.js';
import { runOnce } from '../../run/run-once.js';
import { findStrategy } from '../../strategies/registry.js';
import type { Strategy } from '../../strategies/types.js';
import { renderTerminal } from '../../report/terminal.js';
import { expectCountsMatchServer } from '../../../test/support/counts.js';
import { startLocalTarget, type LocalTarget } from '../local.js';
import type { Target } from '../types.js';
import { withRelay } from './relay-target.js';

// 8 Mbit/s = 1000 bytes a millisecond each way: a 100,000-byte body spends ≥ 100 ms on the link.
const MBPS = 8;
const BODY = 100_000;
const C = 2;
const scenario: ScenarioInfo = {
  id: 'seed',
  description: `${C} concurrent POSTs of ${BODY} bytes, no server delay`,
  concurrency: C,
  delaysMs: Array.from({ length: C }, () => 0),
  rounds: { warmup: 0, min: 2, maxTimeMs: 1 },
  requestBytes: BODY,
};
const ID = 'http2-single-session';

describe(`--bandwidth ${MBPS}: a capped link through a whole run`, () => {
  let plain: LocalTarget;
  let relayed: Target;
  let results: Results;

  beforeAll(async () => {
    plain = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    relayed = await withRelay(plain, { rttMs: 0, jitterMs: 0, bandwidthMbps: MBPS });
    results = await runOnce(relayed, scenario, [{ strategy: findStrategy(ID) as Strategy }]);
  }, 120_000);
  afterAll(async () => {
    await relayed?.close();
  });

  it('a round of C bodies takes at least C × body bytes at the rate (the requests share the link)', () => {
    const run = results.runs[0]!;
    expect(run.status, run.error?.message).toBe('ok');
    expect(run.requests.failed).toBe(0);
    // Both requests of a round upload together: the last body is through the link no sooner
    // than C × BODY bytes after the first request started; the second starts a little after
    // the first (10 ms is far more than that), and without the cap both take a few ms.
    expect(run.latencyMs.max).toBeGreaterThanOrEqual((C * BODY * 8) / (MBPS * 1000) - 10);
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual((BODY * 8) / (MBPS * 1000));
  });

  it('counts: the ledger = the server = the relay; the server read every body byte', () => {
    const run = results.runs[0]!;
    expectCountsMatchServer(run, 'local');
    expect(run.connections.relayAccepted).toBe(run.connections.opened);
    expect(run.connections.server?.requestBodyBytes).toBe(run.requests.total * BODY);
  });

  it('the cap is in the results and the header', () => {
    expect(results.target.bandwidthMbps).toBe(MBPS);
    expect(results.target.rttMs).toBe(0);
    expect(renderTerminal(results)).toContain(`${MBPS} Mbit/s each way (relay)`);
  });
});
