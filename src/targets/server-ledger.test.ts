/**
 * The server ledger's bounded memory, on a real ping server: past its record limit (set
 * small here) the ledger stops growing with requests, and every count read from it stays
 * exact against the server's own counters and against what the client saw.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurementFromServerLedger, describeServerLedger, summaryFromServerLedger } from '../client-cmd/server-view.js';
import { ensureCerts, type CertPaths } from './certs.js';
import { startPingServer, type PingServer } from './ping-server.js';
import { requestCount, type ServerLedgerSnapshot } from './server-ledger.js';
import { closeSession, connectH2, h2get, removeTempDirs, tempDir } from '../../test/support/target.js';

afterAll(removeTempDirs);

const RECORDS = 50;
let certs: CertPaths;
let server: PingServer;
beforeAll(async () => {
  certs = await ensureCerts(tempDir());
  server = await startPingServer({ certs, ledgerRequestRecords: RECORDS });
});
afterAll(() => server.close());

/** `count` requests on one h2 session, 20 at a time; every 10th asks for a path the server answers 404. */
async function drive(count: number): Promise<{ ok: number; notFound: number }> {
  const { session } = connectH2(new URL(`https://127.0.0.1:${server.port}`), { ca: readFileSync(certs.caCert) });
  let ok = 0;
  let notFound = 0;
  try {
    for (let sent = 0; sent < count; sent += 20) {
      const batch = Array.from({ length: Math.min(20, count - sent) }, (_, i) => h2get(session, (sent + i) % 10 === 9 ? '/nope' : '/ping/0'));
      for (const reply of await Promise.all(batch)) {
        if (reply.status === 200) ok++;
        else if (reply.status === 404) notFound++;
      }
    }
  } finally {
    await closeSession(session);
  }
  return { ok, notFound };
}

const size = (ledger: ServerLedgerSnapshot): number => JSON.stringify(ledger).length;

describe('server ledger past its record limit', () => {
  it('keeps its size flat as requests grow, with exact counts', async () => {
    server.reset();
    const first = await drive(300);
    const early = server.ledger();
    const second = await drive(1500);
    const late = server.ledger();
    const sent = 1800;
    expect(first.ok + second.ok).toBe(sent * 0.9);

    // Records stop at the limit; 1,500 more requests as records would add ~150 KB.
    expect(early.requests).toHaveLength(RECORDS);
    expect(late.requests).toHaveLength(RECORDS);
    expect(size(late) - size(early), 'bytes added by 1,500 requests past the limit').toBeLessThan(2_000);

    // Counts: the ledger against the server's counters and the client.
    const counters = server.counters();
    expect(requestCount(late)).toBe(sent);
    expect(counters.requestsByProtocol).toEqual({ h2: sent });
    expect(late.connections.reduce((n, c) => n + c.requests, 0)).toBe(sent);
    const summary = late.summarised!;
    expect(summary.requests).toBe(sent - RECORDS);
    expect(summary.inFlight).toBe(0);
    expect(summary.windows.reduce((n, w) => n + w.arrived, 0)).toBe(summary.requests);
    expect(summary.windows.reduce((n, w) => n + w.ok + w.failed, 0)).toBe(summary.requests);

    const scenario = { id: 'long', description: '', concurrency: 20, delaysMs: [0], rounds: { warmup: 0, min: 1, maxTimeMs: 0 } };
    const measured = measurementFromServerLedger(late, scenario, 1000);
    expect(measured.requests).toEqual({ total: sent, ok: first.ok + second.ok, failed: first.notFound + second.notFound, errors: { HTTP_404: sent * 0.1 } });
    // Failures on a reused connection: every 404 but a first request (the 10th of each session is the first 404).
    expect(summaryFromServerLedger(late, 20).failuresOnReused).toBe(sent * 0.1);
    expect(measured.latencyMs.max).toBeGreaterThan(0);
    expect(describeServerLedger(late)).toContain(`${sent} requests`);
    expect(describeServerLedger(late)).toContain(`after the first ${RECORDS} summarised`);
  });

  it('starts a fresh case with records again after a reset', async () => {
    server.reset();
    await drive(RECORDS + 20);
    expect(server.ledger().summarised?.requests).toBe(20);
    server.reset();
    await drive(10);
    const ledger = server.ledger();
    expect(ledger.summarised).toBeUndefined();
    expect(ledger.requests).toHaveLength(10);
  });
});

describe('server ledger: how long a connection idled before it closed', () => {
  it('tells a client that closes its idle connection from one that keeps it open', async () => {
    server.reset();
    const origin = new URL(`https://127.0.0.1:${server.port}`);
    const ca = readFileSync(certs.caCert);
    const closing = connectH2(origin, { ca });
    const keeping = connectH2(origin, { ca });
    try {
      expect((await h2get(closing.session, '/ping/0')).status).toBe(200);
      expect((await h2get(keeping.session, '/ping/0')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await closeSession(closing.session);
      // The server sees the close a moment later: poll, bounded.
      let ledger = server.ledger();
      for (let i = 0; i < 100 && ledger.connections.filter((c) => c.closedAt !== undefined).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ledger = server.ledger();
      }
      const closed = ledger.connections.filter((c) => c.closedAt !== undefined);
      const open = ledger.connections.filter((c) => c.closedAt === undefined);
      expect([closed.length, open.length]).toEqual([1, 1]);
      // A floor, not a ceiling: it idled at least the 150 ms the client waited (less the timer's 10 ms slack).
      expect(closed[0]!.closedAt! - closed[0]!.lastEndAt!).toBeGreaterThanOrEqual(140);
      expect(open[0]!.lastEndAt).toBeDefined();
    } finally {
      await closeSession(keeping.session);
    }
  });
});
