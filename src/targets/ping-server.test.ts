import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { ensureCerts, type CertPaths } from './certs.js';
import { startPingServer, type PingServer } from './ping-server.js';
import { closeSession, connectH2, h1get, h2get, removeTempDirs, tempDir } from '../../test/support/target.js';

afterAll(removeTempDirs);

let certs: CertPaths;
let ca: Buffer;
beforeAll(async () => {
  certs = await ensureCerts(tempDir());
  ca = readFileSync(certs.caCert);
});

function originOf(server: PingServer): URL {
  return new URL(`https://127.0.0.1:${server.port}`);
}

describe('ping server', () => {
  let server: PingServer;
  let origin: URL;
  beforeAll(async () => {
    server = await startPingServer({ certs });
    origin = originOf(server);
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('counts one connection, one full handshake and 3 concurrent streams for 3 h2 requests on one session', async () => {
    const { session } = connectH2(origin, { ca });
    const replies = await Promise.all([1, 2, 3].map(() => h2get(session, '/ping/50')));
    await closeSession(session);
    expect(replies).toEqual(Array(3).fill({ status: 200, body: 'pong\n', contentType: 'text/plain' }));
    expect(server.counters()).toEqual({
      accepted: 1,
      tlsFull: 1,
      tlsResumed: 0,
      requestsByProtocol: { h2: 3 },
      alpn: { h2: 1 },
      maxConcurrentStreams: 3,
    });
  });

  it('counts an https.request as HTTP/1.1 without ALPN', async () => {
    const reply = await h1get(origin, '/ping/0', { ca });
    expect(reply).toEqual({ status: 200, body: 'pong\n', contentType: 'text/plain' });
    expect(server.counters()).toEqual({
      accepted: 1,
      tlsFull: 1,
      tlsResumed: 0,
      requestsByProtocol: { 'http/1.1': 1 },
      alpn: { none: 1 },
      maxConcurrentStreams: 1,
    });
  });

  it('counts a connection that reuses a TLS 1.3 ticket as resumed', async () => {
    const first = connectH2(origin, { ca });
    // TLS 1.3 tickets come after the handshake: wait for one before reusing it.
    const ticket = new Promise<Buffer>((resolve) => first.socket.once('session', resolve));
    await h2get(first.session, '/ping/0');
    const saved = await ticket;
    await closeSession(first.session);

    const second = connectH2(origin, { ca, session: saved });
    expect((await h2get(second.session, '/ping/0')).status).toBe(200);
    expect(second.socket.isSessionReused()).toBe(true);
    await closeSession(second.session);
    expect(server.counters()).toMatchObject({ accepted: 2, tlsFull: 1, tlsResumed: 1, alpn: { h2: 2 }, requestsByProtocol: { h2: 2 } });
  });

  it("records each resumed handshake as 'resumed' in its own connection of the ledger, not only in the counters", async () => {
    const first = connectH2(origin, { ca });
    const ticket = new Promise<Buffer>((resolve) => first.socket.once('session', resolve));
    await h2get(first.session, '/ping/0');
    const saved = await ticket;
    await closeSession(first.session);
    // Two later connections, one after the other, each passing the saved session.
    const reused: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      const next = connectH2(origin, { ca, session: saved });
      expect((await h2get(next.session, '/ping/0')).status).toBe(200);
      reused.push(next.socket.isSessionReused());
      await closeSession(next.session);
    }
    expect(reused).toEqual([true, true]);
    const ledger = server.ledger();
    expect(ledger.connections.map((c) => [c.id, c.tls, c.alpn, c.requests])).toEqual([
      [1, 'full', 'h2', 1],
      [2, 'resumed', 'h2', 1],
      [3, 'resumed', 'h2', 1],
    ]);
    expect(ledger.connections.every((c) => c.secureAt !== undefined && c.secureAt >= c.acceptedAt)).toBe(true);
    // The per-connection view and the counters are the same count.
    expect(server.counters()).toMatchObject({ accepted: 3, tlsFull: 1, tlsResumed: 2 });
  });

  it('answers 400 for a non-integer delay and 404 for anything else', async () => {
    const { session } = connectH2(origin, { ca });
    const statuses = await Promise.all(['/ping/abc', '/ping/1.5', '/ping/-1', '/ping/', '/nope', '/ping/0/x'].map(async (p) => (await h2get(session, p)).status));
    await closeSession(session);
    expect(statuses).toEqual([400, 400, 400, 400, 404, 404]);
    expect(server.counters().requestsByProtocol).toEqual({ h2: 6 });
  });

  it('waits the requested delay before answering', async () => {
    const { session } = connectH2(origin, { ca });
    await h2get(session, '/ping/0'); // handshake out of the timing
    const start = performance.now();
    await h2get(session, '/ping/120');
    const elapsed = performance.now() - start;
    await closeSession(session);
    expect(elapsed).toBeGreaterThanOrEqual(115);
    expect(elapsed).toBeLessThan(1000);
  });

  it('frees the in-flight slot of a request the client cancels', async () => {
    const { session } = connectH2(origin, { ca });
    const stream = session.request({ ':path': '/ping/5000' });
    stream.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.reset();
    // Were the cancelled request still counted, this one would make 2.
    await h2get(session, '/ping/0');
    await closeSession(session);
    expect(server.counters().maxConcurrentStreams).toBe(1);
  });
});

describe('ping server options', () => {
  it('rejects a client without a certificate when mtls is on, and serves one with it', async () => {
    const server = await startPingServer({ certs, mtls: true });
    const origin = originOf(server);
    try {
      const without = connectH2(origin, { ca });
      const error = await h2get(without.session, '/ping/0').catch((e: unknown) => e);
      without.session.destroy();
      // TLS 1.3: the client's handshake "succeeds" first; the server's alert arrives on the first read.
      expect(error).toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
      expect(server.counters()).toMatchObject({ accepted: 1, tlsFull: 0, requestsByProtocol: {} });

      const withCert = connectH2(origin, { ca, cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) });
      expect((await h2get(withCert.session, '/ping/0')).status).toBe(200);
      await closeSession(withCert.session);
      expect(server.counters()).toMatchObject({ accepted: 2, tlsFull: 1, requestsByProtocol: { h2: 1 } });
    } finally {
      await server.close();
    }
  });

  it('announces maxConcurrentStreams and never runs more than that many at once', async () => {
    const server = await startPingServer({ certs, maxConcurrentStreams: 2 });
    try {
      const { session } = connectH2(originOf(server), { ca });
      // Before SETTINGS arrive the client assumes 100 and the server would refuse streams.
      await new Promise((resolve) => session.once('remoteSettings', resolve));
      expect(session.remoteSettings.maxConcurrentStreams).toBe(2);
      const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await h2get(session, '/ping/30')).status));
      await closeSession(session);
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(server.counters()).toMatchObject({ requestsByProtocol: { h2: 4 }, maxConcurrentStreams: 2 });
    } finally {
      await server.close();
    }
  });

  it('sends its GOAWAY after exactly the K-th request of a session, not before or after', async () => {
    const server = await startPingServer({ certs, goawayAfterRequests: 2 });
    try {
      const { session } = connectH2(originOf(server), { ca });
      // One request at a time; `sent` is how many the client had sent when the GOAWAY came.
      let goawayAfter: number | undefined;
      let sent = 0;
      const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve(void (goawayAfter = sent))));
      sent = 1;
      expect((await h2get(session, '/ping/0')).status).toBe(200);
      // Bounded wait: a GOAWAY after the 1st request would arrive within this.
      await new Promise((r) => setTimeout(r, 100));
      expect(goawayAfter).toBeUndefined();
      sent = 2;
      expect((await h2get(session, '/ping/0')).status).toBe(200);
      await Promise.race([goaway, new Promise((r) => setTimeout(r, 5_000))]);
      expect(goawayAfter).toBe(2);
      await closeSession(session);
    } finally {
      await server.close();
    }
  });

  it('sends a graceful GOAWAY after K requests: accepted streams finish, later ones fail', async () => {
    const server = await startPingServer({ certs, goawayAfterRequests: 2 });
    try {
      const { session, socket } = connectH2(originOf(server), { ca });
      const goaway = new Promise<number>((resolve) => session.once('goaway', (code: number) => resolve(code)));
      // 3 concurrent streams: the GOAWAY after the 2nd must still let the 3rd finish.
      const statuses = await Promise.all([1, 2, 3].map(async () => (await h2get(session, '/ping/50')).status));
      expect(statuses).toEqual([200, 200, 200]);
      expect(await goaway).toBe(0);
      const late = await h2get(session, '/ping/0').catch((e: unknown) => (e as { code?: string }).code);
      expect(late).toBe('ERR_HTTP2_GOAWAY_SESSION');
      // The server closes its side once the accepted streams are done.
      await new Promise<void>((resolve) => ((socket as TLSSocket).closed ? resolve() : socket.once('close', () => resolve())));
      expect(server.counters()).toMatchObject({ accepted: 1, requestsByProtocol: { h2: 3 } });
    } finally {
      await server.close();
    }
  });

  it('refuses options that make no sense', async () => {
    await expect(startPingServer({ certs, maxConcurrentStreams: 0 })).rejects.toThrow(UsageError);
    await expect(startPingServer({ certs, goawayAfterRequests: 1.5 })).rejects.toThrow(/goawayAfterRequests must be an integer/);
  });

  it('closes promptly with a request still waiting', async () => {
    const server = await startPingServer({ certs });
    const { session } = connectH2(originOf(server), { ca });
    const pending = h2get(session, '/ping/60000').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    await server.close();
    expect(performance.now() - start).toBeLessThan(2000); // not the 60 s the request waits for
    expect(await pending).toBeInstanceOf(Error);
    session.destroy();
  });
});
