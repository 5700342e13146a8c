/**
 * The warm-up before a run's cases: it reaches the server over HTTP/2 and HTTP/1.1 (the
 * server's own count says how many), stays within its bounds, and leaves nothing behind
 * that a case would count (the counters are reset before every case).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTarget, type LocalTarget } from './local.js';
import { WARM_H1_REQUESTS, WARM_H2_REQUESTS, warmUp, type WarmUp } from './warm-up.js';

describe('warmUp', () => {
  let target: LocalTarget;
  let warm: WarmUp;

  beforeAll(async () => {
    target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    await target.resetCounters();
    warm = await warmUp(target);
  }, 60_000);
  afterAll(async () => {
    await target?.close();
  });

  it("sends pings over both protocols, each answered one on the server's own count, within the bounds", async () => {
    const server = await target.readCounters();
    expect(warm.h2).toBeGreaterThan(0);
    expect(warm.h1).toBeGreaterThan(0);
    expect(warm.h2).toBeLessThanOrEqual(WARM_H2_REQUESTS);
    expect(warm.h1).toBeLessThanOrEqual(WARM_H1_REQUESTS);
    expect(server?.requestsByProtocol.h2).toBe(warm.h2);
    expect(server?.requestsByProtocol['http/1.1']).toBe(warm.h1);
  });

  it('closes every connection it opened, so none lingers into the first case', async () => {
    // The ledger since the reset before the warm-up: every connection has a close time.
    const deadline = Date.now() + 5_000;
    let ledger = await target.readLedger!();
    while (ledger.connections.some((c) => c.closedAt === undefined) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      ledger = await target.readLedger!();
    }
    expect(ledger.connections.length).toBeGreaterThan(1);
    expect(ledger.connections.filter((c) => c.closedAt === undefined)).toEqual([]);
  });
});
