/**
 * The closed-loop rounds with warm-up rounds above 0, against the real ping server: the
 * warm-up rounds run (the server answered them) and stay out of the measured window, so
 * the measured requests (latency histogram, CPU-per-request count) are the server's count
 * minus the cold round and the warm-up rounds, and one round per timed sample.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConnectionLedger } from '../ledger/ledger.js';
import type { ScenarioInfo } from '../results.js';
import { http2SingleSession } from '../strategies/http2-single-session.js';
import { ensureCerts } from '../targets/certs.js';
import { startPingServer, type PingServer } from '../targets/ping-server.js';
import type { TlsMaterial } from '../targets/types.js';
import { runRounds } from './rounds.js';
import { removeTempDirs, tempDir } from '../../test/support/target.js';

const C = 4;
const WARMUP = 3;
const scenario: ScenarioInfo = {
  id: 'rounds-warmup-test',
  description: `${C} concurrent pings, 5 ms server delay, ${WARMUP} warm-up rounds`,
  concurrency: C,
  delaysMs: Array.from({ length: C }, () => 5),
  rounds: { warmup: WARMUP, min: 3, maxTimeMs: 1 },
};

let server: PingServer;
let tls: TlsMaterial;
beforeAll(async () => {
  const certs = await ensureCerts(tempDir());
  tls = { ca: readFileSync(certs.caCert, 'utf8'), caPath: certs.caCert };
  server = await startPingServer({ certs });
});
afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

it('runs the warm-up rounds and keeps them out of the measured count: measured = server count - cold - warm-up', async () => {
  const ledger = new ConnectionLedger();
  const client = await http2SingleSession.open({ origin: new URL(`https://127.0.0.1:${server.port}`), tls, concurrency: C, ledger });
  const outcome = await runRounds({ scenario, client, ledger, pathFor: (delay) => `/ping/${delay}`, requestTimeoutMs: 10_000, hardLimitMs: 30_000 }).finally(() =>
    client.close(),
  );

  const served = Object.values(server.counters().requestsByProtocol).reduce((a, b) => a + b, 0);
  const notMeasured = (1 + WARMUP) * C; // the cold round and the warm-up rounds
  expect(outcome.requests).toMatchObject({ failed: 0, total: served, ok: served });
  expect(outcome.rounds).toMatchObject({ warmupRounds: WARMUP });
  expect(outcome.rounds.samples).toBeGreaterThanOrEqual(scenario.rounds.min);
  // The server answered the cold round, every warm-up round and every timed round.
  expect(served).toBe(notMeasured + outcome.rounds.samples * C);
  // What was measured is exactly what the server answered after the warm-up.
  expect(outcome.warm.count).toBe(served - notMeasured);
  expect(outcome.measuredCpu.requests).toBe(served - notMeasured);
  expect(outcome.cold.count).toBe(C);
});
