/**
 * Connections that fail, and a TLS session that is resumed, counted by the tap in this
 * process and held against the real ping server's own count: a refused port (nothing to
 * count on either side), a TLS alert (the client rejects the server's certificate), a
 * client without a certificate against mutual TLS, and a second connection that offers
 * the first one's session ticket.
 */
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../targets/free-port.js';
import { startLocalTarget, type LocalTarget } from '../targets/local.js';
import { ConnectionLedger } from './ledger.js';
import { installTap } from './tap.js';

/** One tls.connect through the tap; settles on secureConnect + a clean close, or on the first error. */
async function connect(options: tls.ConnectionOptions): Promise<{ error?: string; session?: Buffer; reused: boolean }> {
  const socket = tls.connect(options);
  let session: Buffer | undefined;
  socket.on('session', (s: Buffer) => (session = s));
  return new Promise((resolve) => {
    let reused = false;
    socket.once('secureConnect', () => {
      reused = socket.isSessionReused();
      // TLS 1.3 sends tickets after the handshake, and a server that rejects the client's
      // certificate says so only after it: wait for the ticket, or the server's alert.
      setTimeout(() => socket.destroy(), 100);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused }));
    socket.once('close', () => resolve({ ...(session ? { session } : {}), reused }));
  });
}

async function withTap<T>(fn: (ledger: ConnectionLedger) => Promise<T>): Promise<{ ledger: ConnectionLedger; value: T }> {
  const ledger = new ConnectionLedger();
  const tap = installTap(ledger);
  try {
    return { ledger, value: await fn(ledger) };
  } finally {
    tap.uninstall();
  }
}

/** Let the server process see the last socket close before its counters are read. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

describe('failed connections', () => {
  let target: LocalTarget;
  let mtls: LocalTarget;
  beforeAll(async () => {
    [target, mtls] = await Promise.all([startLocalTarget(), startLocalTarget({ mtls: true })]);
  });
  afterAll(async () => {
    await Promise.all([target?.close(), mtls?.close()]);
  });

  it('a refused port: a dial, but no connection opened and no handshake', async () => {
    const [port] = await freePorts(1);
    const { ledger, value } = await withTap(() => connect({ host: '127.0.0.1', port, ca: target.tls.ca, servername: 'localhost' }));
    expect(value.error).toBe('ECONNREFUSED');
    expect(ledger.connections).toHaveLength(1);
    expect(ledger.connections[0]?.tls).toBe('failed');
    expect(ledger.summary()).toMatchObject({ opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {}, requestsPerConnection: [], unused: 0 });
    expect(ledger.summary().cold.opened).toBe(0);
  });

  it('a TLS alert (the client does not trust the server): 1 TCP connection, no handshake, on both sides', async () => {
    await target.resetCounters();
    const { ledger, value } = await withTap(() => connect({ host: '127.0.0.1', port: Number(target.origin.port), ALPNProtocols: ['h2'] }));
    expect(value.error).toMatch(/CERT|SIGNED|ISSUER/);
    await settle();
    const server = await target.readCounters();
    const summary = ledger.summary();
    expect(ledger.connections[0]?.tls).toBe('failed');
    expect(summary.opened).toBe(1);
    expect(server?.accepted).toBe(1);
    expect(summary.tlsFull).toBe(server?.tlsFull);
    expect(summary.tlsFull + summary.tlsResumed).toBe(0);
    expect(server?.tlsFull).toBe(0);
    expect(summary.alpn).toEqual({});
    expect(server?.alpn).toEqual({});
  });

  it('mutual TLS without a client certificate: the server rejects it', async () => {
    await mtls.resetCounters();
    const { ledger, value } = await withTap(() =>
      connect({ host: '127.0.0.1', port: Number(mtls.origin.port), ca: mtls.tls.ca, servername: 'localhost', ALPNProtocols: ['h2'] }),
    );
    // TLS 1.3: the client's handshake is done before the server rejects it with an alert.
    expect(value.error).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    await settle();
    const server = await mtls.readCounters();
    expect(server?.accepted).toBe(1);
    expect(server?.tlsFull).toBe(0);
    expect(ledger.connections.map((c) => c.tls)).toEqual(['failed']);
    expect(ledger.summary()).toMatchObject({ opened: 1, tlsFull: 0, tlsResumed: 0, alpn: {} });
    expect(server?.alpn).toEqual({});
  });

  it('mutual TLS with the client certificate: one full handshake on both sides', async () => {
    await mtls.resetCounters();
    const { ledger, value } = await withTap(() =>
      connect({ host: '127.0.0.1', port: Number(mtls.origin.port), ca: mtls.tls.ca, cert: mtls.tls.cert, key: mtls.tls.key, servername: 'localhost', ALPNProtocols: ['h2'] }),
    );
    expect(value.error).toBeUndefined();
    await settle();
    const server = await mtls.readCounters();
    expect(ledger.summary()).toMatchObject({ opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } });
    expect(server).toMatchObject({ accepted: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } });
  });
});

describe('a forced TLS resumption', () => {
  let target: LocalTarget;
  beforeAll(async () => {
    target = await startLocalTarget();
  });
  afterAll(() => target?.close());

  it("a second connection offering the first one's ticket is counted as resumed by the ledger and the server", async () => {
    await target.resetCounters();
    const options = { host: '127.0.0.1', port: Number(target.origin.port), ca: target.tls.ca, servername: 'localhost', ALPNProtocols: ['h2'] };
    const { ledger, value } = await withTap(async (l) => {
      const first = await connect(options);
      expect(first.session, 'the server sent a session ticket').toBeInstanceOf(Buffer);
      l.phase = 'warm';
      return connect({ ...options, ...(first.session ? { session: first.session } : {}) });
    });
    expect(value.error).toBeUndefined();
    expect(value.reused).toBe(true);
    await settle();
    const server = await target.readCounters();
    expect(server).toMatchObject({ accepted: 2, tlsFull: 1, tlsResumed: 1, alpn: { h2: 2 } });
    const summary = ledger.summary();
    expect(summary).toMatchObject({ opened: 2, tlsFull: 1, tlsResumed: 1, alpn: { h2: 2 } });
    expect(summary.cold).toEqual({ opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } });
    expect(summary.warm).toEqual({ opened: 1, tlsFull: 0, tlsResumed: 1, alpn: { h2: 1 } });
    expect(ledger.connections.map((c) => c.tls)).toEqual(['full', 'resumed']);
  });
});
