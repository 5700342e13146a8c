/**
 * The ping server's behaviours (--server-*, --body-bytes) through the real pipeline: a
 * worker process per case, the socket tap, the server in its own process. For each, the
 * behaviour visibly happened (by the server's ledger or on the wire), and the client
 * ledger's counts still equal the server's: connections opened = accepted, requests that
 * succeeded = responses the server completed, resets seen = responses the server cut.
 */
import https from 'node:https';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseResult, ScenarioInfo } from '../results.js';
import { expectCountsMatchServer } from '../../test/support/counts.js';
import { runOnce } from '../run/run-once.js';
import { findStrategy } from '../strategies/registry.js';
import { startLocalTarget } from './local.js';
import type { ServerLedgerSnapshot } from './server-ledger.js';
import type { ServerBehaviour } from './server-options.js';
import { closeSession, connectH2, h2get, removeTempDirs, tempDir } from '../../test/support/target.js';
import type { Target } from './types.js';

afterAll(removeTempDirs);

const N = 6;
const burst = (extra: Partial<ScenarioInfo> = {}): ScenarioInfo => ({
  id: 'burst',
  description: `${N} concurrent pings`,
  concurrency: N,
  delaysMs: Array.from({ length: N }, () => 5),
  // A cold round and two more: 3 × N requests.
  rounds: { warmup: 0, min: 2, maxTimeMs: 1 },
  ...extra,
});

interface Measured {
  run: CaseResult;
  ledger: ServerLedgerSnapshot;
}

async function withTarget<T>(behaviour: ServerBehaviour, fn: (target: Target) => Promise<T>): Promise<T> {
  const target = await startLocalTarget({ certsDir: tempDir(), ...behaviour });
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}

/** One case, and the server's ledger of exactly that case (the runner resets it per case). */
async function measure(target: Target, strategyId: string, scenario: ScenarioInfo): Promise<Measured> {
  const strategy = findStrategy(strategyId);
  if (!strategy) throw new Error(`no strategy ${strategyId}`);
  const results = await runOnce(target, scenario, [{ strategy }], { requestTimeoutMs: 5_000 });
  const run = results.runs[0];
  if (!run) throw new Error('no run');
  if (!target.readLedger) throw new Error('the local target has a ledger');
  return { run, ledger: await target.readLedger() };
}

const completed = (ledger: ServerLedgerSnapshot): number =>
  ledger.requests.filter((r) => r.end !== undefined && r.status === 200 && r.incomplete !== true).length;
const cut = (ledger: ServerLedgerSnapshot): number => ledger.requests.filter((r) => r.incomplete === true).length;

/**
 * The counts every behaviour must keep: the server's independent count is the truth.
 * `exact: false` where the connection dies with responses in it (an HTTP/2 reset or error
 * GOAWAY): a response the server finished can still be lost on the way, so the server's
 * completed count is then an upper bound on the client's successes.
 */
function expectSameCounts({ run, ledger }: Measured, exact = true): void {
  expect(run.status, run.error?.message ?? '').toBe('ok');
  expect(run.connections.opened, 'connections (client) = accepted (server)').toBe(run.connections.server?.accepted);
  expect(run.connections.opened, 'connections (client) = connections in the server ledger').toBe(ledger.connections.length);
  if (exact) expect(run.requests.ok, 'succeeded (client) = completed (server)').toBe(completed(ledger));
  else expect(run.requests.ok, 'succeeded (client) ≤ completed (server)').toBeLessThanOrEqual(completed(ledger));
  expect(run.requests.total, 'every request ended').toBe(run.requests.ok + run.requests.failed);
}

describe('--server-close-after / --server-keepalive-max (HTTP/1.1)', () => {
  it.each([
    ['closeAfterRequests', 'undici-h1'],
    ['keepAliveMax', 'https-keepalive'],
  ] as const)('%s 2 with %s: no connection carries a third request, and the counts match', async (option, strategy) => {
    const m = await withTarget({ [option]: 2 }, (target) => measure(target, strategy, burst()));
    expectSameCounts(m);
    expect(m.run.requests.failed, JSON.stringify(m.run.requests.errors)).toBe(0);
    expectCountsMatchServer(m.run, 'local');
    expect(Math.max(...m.ledger.connections.map((c) => c.requests))).toBe(2);
    // 3 × N requests, at most 2 per connection.
    expect(m.run.connections.opened).toBeGreaterThanOrEqual((3 * N) / 2);
  }, 60_000);

  it('Keep-Alive: max counts down, and the last response says Connection: close', async () => {
    const headers = await withTarget({ keepAliveMax: 3, keepAliveTimeoutMs: 5_000 }, async (target) => {
      const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: target.tls.ca });
      try {
        const seen: Array<{ keepAlive: string | undefined; connection: string | undefined; port: number | undefined }> = [];
        for (let i = 0; i < 4; i++) {
          seen.push(
            await new Promise((resolve, reject) => {
              const req = https.get({ host: '127.0.0.1', port: Number(target.origin.port), path: '/ping/0', agent }, (res) => {
                res.resume();
                res.on('end', () => resolve({ keepAlive: String(res.headers['keep-alive'] ?? '') || undefined, connection: res.headers.connection, port: req.socket?.localPort }));
              });
              req.on('error', reject);
            }),
          );
        }
        return seen;
      } finally {
        agent.destroy();
      }
    });
    expect(headers.map((h) => h.keepAlive)).toEqual(['timeout=5, max=2', 'timeout=5, max=1', undefined, 'timeout=5, max=2']);
    expect(headers.map((h) => h.connection)).toEqual(['keep-alive', 'keep-alive', 'close', 'keep-alive']);
    // The fourth request needed a new connection.
    expect(headers[3]?.port).not.toBe(headers[0]?.port);
    expect(headers[1]?.port).toBe(headers[0]?.port);
  }, 30_000);
});

describe('--server-reset-every', () => {
  it('every 4th request of https-keepalive is cut mid-response: the client failures are the responses the server cut', async () => {
    const m = await withTarget({ resetEvery: 4 }, (target) => measure(target, 'https-keepalive', burst()));
    expectSameCounts(m);
    // One request per HTTP/1.1 connection at a time: a destroyed socket loses exactly one.
    expect(cut(m.ledger)).toBe(Math.floor((3 * N) / 4));
    expect(m.run.requests.failed, JSON.stringify(m.run.requests.errors)).toBe(cut(m.ledger));
  }, 60_000);

  it('on HTTP/2 the whole session goes: every stream in flight on it fails, and the client sees no more successes than the server completed', async () => {
    const m = await withTarget({ resetEvery: 4 }, (target) => measure(target, 'http2-single-session', burst()));
    expectSameCounts(m, false);
    expect(cut(m.ledger)).toBeGreaterThan(0);
    expect(m.run.requests.failed).toBeGreaterThanOrEqual(cut(m.ledger));
  }, 60_000);
});

describe('--server-goaway-after with --server-goaway-error', () => {
  it('an INTERNAL_ERROR GOAWAY after 4 requests: the client sees the code, the server counts each GOAWAY it sent', async () => {
    const m = await withTarget({ goawayAfterRequests: 4, goawayErrorCode: 2 }, (target) => measure(target, 'http2-single-session', burst()));
    // Node's client destroys the session on an error GOAWAY, answered streams included.
    expectSameCounts(m, false);
    const sent = m.ledger.connections.reduce((sum, c) => sum + c.goawaysSent, 0);
    expect(sent).toBeGreaterThan(0);
    expect(m.run.connections.goaways).toBe(sent);
    expect(m.run.connections.goawayCodes).toEqual({ INTERNAL_ERROR: sent });
    const v = m.run.verdicts.find((x) => x.rule === 'reconnect-on-goaway');
    expect(v?.message).toMatch(/with an error GOAWAY \(INTERNAL_ERROR ×\d+\)/);
  }, 60_000);
});

describe('failures after a GOAWAY, whatever their code', () => {
  it('undici-h2-single with undici 7 loses the streams in flight on a GOAWAY as UND_ERR_SOCKET: every one counts against reconnect-on-goaway', async () => {
    const m = await withTarget({ goawayAfterRequests: 3 }, (target) => measure(target, 'undici-h2-single', burst()));
    expect(m.run.status, m.run.error?.message ?? '').toBe('ok');
    const c = m.run.connections;
    expect(c.goaways ?? 0).toBeGreaterThan(0);
    // Each failure is tied to its connection: all of them came after that connection's GOAWAY.
    expect(c.failuresAfterGoaway).toBe(m.run.requests.failed);
    expect(c.failuresOnReused).toBe(0);
    const v = m.run.verdicts.find((x) => x.rule === 'reconnect-on-goaway');
    // undici 7.30.2 (this project's) destroys the socket on GOAWAY, ignoring last-stream-id;
    // undici 8 does not, and then nothing is lost.
    if (m.run.requests.failed > 0) {
      expect(Object.keys(m.run.requests.errors).some((code) => /GOAWAY|SESSION_ERROR/.test(code))).toBe(false);
      expect(v?.severity).toBe('fail');
      expect(v?.message).toMatch(new RegExp(`; ${m.run.requests.failed} requests? failed after the GOAWAY \\(UND_ERR_SOCKET ×`));
    } else {
      expect(v?.severity).toBe('warn');
    }
  }, 60_000);
});

describe('--server-max-streams', () => {
  it('the client learns the limit from SETTINGS and the counts match', async () => {
    const m = await withTarget({ maxConcurrentStreams: 2 }, (target) => measure(target, 'http2-single-session', burst()));
    expectSameCounts(m);
    expect(m.run.connections.remoteMaxConcurrentStreams).toBe(2);
  }, 60_000);
});

describe('--body-bytes', () => {
  it('every 200 carries the given number of bytes, over h2 and HTTP/1.1, and the counts match', async () => {
    await withTarget({ bodyBytes: 100_000 }, async (target) => {
      const { session } = connectH2(target.origin, { ca: target.tls.ca });
      const reply = await h2get(session, '/ping/0');
      await closeSession(session);
      expect(reply.body.length).toBe(100_000);
      for (const strategy of ['undici-h2', 'https-keepalive']) {
        const m = await measure(target, strategy, burst());
        expectSameCounts(m);
        expect(m.run.requests.failed, `${strategy}: ${JSON.stringify(m.run.requests.errors)}`).toBe(0);
        expectCountsMatchServer(m.run, 'local');
      }
    });
  }, 60_000);
});

describe('--server-keepalive-timeout', () => {
  it('an idle HTTP/1.1 connection is closed by the server (within a 10 s bound)', async () => {
    const closed = await withTarget({ keepAliveTimeoutMs: 100 }, async (target) => {
      const socket = tls.connect({ host: '127.0.0.1', port: Number(target.origin.port), ca: target.tls.ca, ALPNProtocols: ['http/1.1'] });
      socket.on('data', () => {});
      socket.once('secureConnect', () => socket.write('GET /ping/0 HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'));
      return new Promise<boolean>((resolve) => {
        const bound = setTimeout(() => {
          socket.destroy();
          resolve(false);
        }, 10_000);
        socket.once('close', () => {
          clearTimeout(bound);
          resolve(true);
        });
      });
    });
    expect(closed).toBe(true);
  }, 30_000);

  it('idle-burst: h2 sessions get a graceful GOAWAY while idle, h1 sockets are closed; the counts match', async () => {
    await withTarget({ keepAliveTimeoutMs: 100 }, async (target) => {
      const idle = burst({ idleMs: [300] });
      const h2 = await measure(target, 'http2-single-session', idle);
      expectSameCounts(h2);
      expect(h2.run.connections.goawayCodes?.NO_ERROR ?? 0).toBeGreaterThanOrEqual(2);
      // The server may send one more: its idle timer can fire after the last round, while the worker is closing.
      const sent = h2.ledger.connections.reduce((sum, c) => sum + c.goawaysSent, 0);
      expect(sent - (h2.run.connections.goaways ?? 0)).toBeGreaterThanOrEqual(0);
      expect(sent - (h2.run.connections.goaways ?? 0)).toBeLessThanOrEqual(1);
      const h1 = await measure(target, 'https-keepalive', idle);
      expectSameCounts(h1);
      // Every round after an idle needs new connections: the old ones are gone.
      expect(h1.run.connections.warm.opened).toBeGreaterThanOrEqual(2 * N - h1.run.requests.failed);
    });
  }, 60_000);
});
